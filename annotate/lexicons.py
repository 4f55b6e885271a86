"""Word lists behind the rules backend: cues, roles, hedges, vague sources.

Kept as data so a reader can see exactly why the rules labelled a sentence.
"""

from __future__ import annotations

SPEECH_VERBS = (
    "said says say stated states told tells added adds revealed reveals explained explains warned warns "
    "expressed expresses noted notes argued argues announced announces confirmed confirms denied denies "
    "estimated estimates estimate wrote writes claimed claims insisted insists stressed stresses emphasised "
    "emphasized believes believe predicted predicts cautioned cautions accused accuses indicated indicates "
    "reported reports testified testifies ruled rules concluded concludes acknowledged acknowledges admitted "
    "admits alleged alleges asserted asserts suggested suggests urged urges posted mentioned disclosed "
    "countered replied responded maintained maintains contended observed recalled conceded vowed pledged "
    "promised declared declares told think thinks stating saying adding warning arguing noting explaining "
    "expects accepted described questioned"
).split()

NEGATIONS = ("not", "never", "n't", "declined to", "refused to", "did not", "would not")

LEAD_INS = (
    "however also but and meanwhile yet still separately instead moreover furthermore later earlier "
    "recently then so in on at by after before during since as of last this"
).split()

PRONOUNS = {"he": "he", "she": "she", "they": "they", "it": "it", "we": "we", "i": "i", "his": "he", "her": "she", "their": "they"}

# Role words. Commentator words win over official ones ("former minister", "professor").
OFFICIAL_ROLES = (
    "ministry minister government court judge judges justice prosecutor prosecutors prosecution police "
    "army military navy defence defense spokesperson spokesman spokeswoman president premier chancellor "
    "agency department official officials authorities authority council commission parliament senator "
    "senators lawmaker lawmakers legislator mayor governor regulator bank federation league club company "
    "firm corporation ceo executive chairman chairwoman chief director secretary ambassador embassy "
    "cabinet office bureau inspector sheriff coroner prosecutor's registrar tribunal state-run army's "
    "general colonel lieutenant major captain sergeant commander admiral statement board party inc corp "
    "ltd group's company's ministry's police's court's brigadier officer officers administration "
    "kremlin pentagon"
).split() + ["white house", "coast guard"]

COMMENTATOR_ROLES = (
    "commentator commentators analyst analysts expert experts professor academic academics researcher "
    "researchers economist economists scholar scholars think-tank institute groups "
    "ngo ngos union unions activist activists campaigner campaigners lawyer attorney witness witnesses "
    "resident residents observer observers critic critics candidate challenger former ex- retired "
    "columnist author study survey residents victim victims relatives family families neighbour "
    "neighbor farmer farmers student students teacher teachers player players coach fan fans athlete "
    "doctor doctors nurse scientist scientists historian strategist consultant opposition-leaning "
    "amnesty watchdog advocates advocacy charity coalition alliance association "
    "insiders source sources diplomat diplomats"
).split() + ["think tank", "rights group", "people familiar"]

STATE_MEDIA = (
    "state media",
    "state television",
    "state tv",
    "state broadcaster",
    "state news agency",
    "state-run",
    "central television",
    "official news agency",
    "government newspaper",
)

# Words that make a source a news outlet. Not "agency" or "press": "the Environment Agency" and
# "the ministry's press office" are official.
MEDIA_WORDS = "news television tv radio newspaper broadcaster outlet magazine gazette herald tribune channel".split()

HEDGES = (
    "reportedly allegedly apparently purportedly possibly perhaps probably likely unlikely may might could "
    "suspected presumably seemingly rumoured rumored unconfirmed"
).split()
HEDGE_PHRASES = ("is believed to", "are believed to", "appears to", "appear to", "seems to", "is thought to", "are thought to", "is said to", "are said to", "it is understood")

ANONYMOUS_PHRASES = (
    "there are indications",
    "there are signs",
    "indications",
    "sources said",
    "sources say",
    "a source",
    "sources close to",
    "according to sources",
    "people familiar with",
    "person familiar with",
    "observers",
    "insiders",
    "a senior official",
    "an official",
    "officials said",
    "a spokesperson who",
    "who asked not to be named",
    "who declined to be named",
    "speaking on condition of anonymity",
    "on condition of anonymity",
    "some experts",
    "some analysts",
    "critics",
    "it is understood",
    "diplomats said",
)

RELAY_PHRASES = (
    "reports via",
    "report via",
    "via foreign media",
    "as reported by",
    "citing",
    "quoted by",
    "according to a report",
    "according to reports",
    "according to media reports",
    "reported, citing",
    "told state media",
)

CONTINUATION_LINKS = ("in this case", "in that case", "in addition", "he also", "she also", "they also", "it also", "also according to")

NOT_SPEECH = ("declined to", "refused to", "did not say", "did not comment", "would not say", "could not be reached", "did not respond", "did not disclose")
"""A sentence built on these describes a source without reporting its words (guide decision 2)."""

# Speaker tracking (annotate/speakers.py).
TITLES = set(
    "mr mrs ms miss dr prof professor sen senator rep representative gov governor gen general col colonel lt "
    "maj major capt captain sgt adm cmdr insp supt rev hon pres president premier minister secretary chief "
    "ceo cfo cto coo chair chairman chairwoman judge justice mayor sir dame lord lady detective inspector "
    "officer sheriff ambassador commissioner director spokesperson spokesman spokeswoman founder "
    "economist analyst lawyer attorney coach".split()
)
"""Words before a name that are not the name ("Sen.", "CEO", "Professor")."""

ORG_HEADS = set(
    "ministry department agency company firm government court police council commission committee "
    "authority regulator bank board office bureau union group club league federation party army military "
    "navy embassy administration corporation institute university hospital laboratory lab service "
    "organisation organization foundation association prosecutors prosecution tribunal parliament cabinet "
    "inc corp ltd plc llc co".split()
)
"""Head nouns of organisations: "the ministry said" refers to the last ministry that spoke."""

DOCUMENT_HEADS = {"statement", "report", "release", "letter", "filing", "memo", "post", "tweet", "notice", "announcement", "email", "summary"}
"""A document standing for its author: "the statement said" is the company that issued it."""

ORG_SUFFIXES = (
    "Inc Corp Corporation Ltd plc PLC LLC Co Group Holdings Pharma Pharmaceuticals Bio Biotech Nutrition "
    "Foods Systems Technologies Motors Airlines Airways Energy Bank Partners Capital Labs Software Media "
    "Telecom Networks Industries Entertainment Games"
).split()
"""Endings of company names: "the company" with no company speaker yet is the one named so."""

OUTLETS = (
    "reuters", "associated press", "ap", "afp", "agence france-presse", "bloomberg", "bbc", "cnn", "nbc",
    "cbs", "abc news", "fox news", "npr", "politico", "axios", "the post", "the times", "the journal",
    "the chronicle", "the guardian", "the telegraph", "the independent", "the economist", "the atlantic",
    "the new york times", "the washington post", "the wall street journal", "financial times",
    "the financial times", "the ledger", "the globe", "the star", "the verge", "techcrunch", "wired",
    "variety", "the hollywood reporter", "espn", "sky news", "al jazeera", "dpa", "efe", "ansa",
)
"""News outlets cited by name (decision 15); matched as whole phrases."""

REPORTER_STEPS_IN = (
    "it is not clear", "it was not clear", "it is unclear", "it was unclear", "it remains unclear",
    "could not be independently verified", "could not immediately be verified", "could not be verified",
    "did not say", "did not specify", "did not explain", "did not elaborate", "did not provide",
    "did not give", "did not identify", "did not name", "has not said", "have not said", "declined to",
    "did not respond", "did not immediately respond", "did not return", "was not immediately available",
    "could not be reached", "did not disclose", "would not say",
)
"""The reporter stepping into a relayed account: it ends there (decision 17)."""
