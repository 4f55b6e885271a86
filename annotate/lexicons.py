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
    "promised declared declares told think thinks stating saying adding warning arguing noting explaining"
).split()

NEGATIONS = ("not", "never", "n't", "declined to", "refused to", "did not", "would not")

LEAD_INS = (
    "however also but and meanwhile yet still separately instead moreover furthermore later earlier "
    "recently then so in on at by after before during since as of last this"
).split()

PRONOUNS = {"he": "he", "she": "she", "they": "they", "it": "it", "we": "we", "i": "i"}

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
