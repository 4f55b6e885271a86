"""Word lists behind the rules backend: cues, roles, hedges, vague sources.

Kept as data so a reader can see exactly why the rules labelled a sentence.
"""

from __future__ import annotations

RIGHTS_BODIES = r"rights (?:league|network|cent(?:re|er)|initiative|project|forum|defenders|organi[sz]ations?|monitor)"
"""Rights bodies named by their kind ("the Tarsian Human Rights League"); not a national rights commission, which may be a public body."""
ADVOCACY_BODIES = (
    r"unions?", r"associations?", "alliance", "charity", "campaign", "coalition", "foundation", "society", "lobby", "ngo",
    "think tank", "watchdog", r"rights groups?", r"advocacy groups?", r"fact-check(?:ing|ers?)", r"(?:pressure|campaign|lobby|protest) groups?",
    r"pro-[\w-]+ groups?", r"anti-[\w-]+ groups?",
    r"(?:aid|relief|humanitarian|patients?'?|monitoring|consumers?'?|environmental|civil society|community|victims'?) groups?", r"committee (?:to|for) (?:protect|a|the|freedom|open|responsible)",
    "rescue committee", "reporters committee", "strike committee", "residents' committee", "residents committee", RIGHTS_BODIES,
)
"""Bodies that campaign rather than govern or sell: their officers are commentators (guide decision 14). Regular
expressions, matched case-insensitively as whole words."""
CAMPAIGNING_BODIES = (
    r"(?:human )?rights groups?", r"advocacy groups?", r"(?:pressure|campaign|lobby|protest) groups?", r"ngos?", r"think tanks?",
    r"charit(?:y|ies)", r"watchdogs?", "amnesty international", "human rights watch", RIGHTS_BODIES,
)
"""The advocacy bodies whose kind's name alone says they campaign: not "union" or "association", which "the European
Union" and "the Football Association" are too (the model's official label gives way for these only)."""
NOT_A_COMPANY = ADVOCACY_BODIES + (
    "charities", r"groups?", "campaigns", "federation", "trust", "network", "institute", "ngos", "advocates", "advocacy", "rights",
    "former", "rival", r"analysts?", "analysis", "research", "insights",
    r"securities(?!\s+(?:and|&)\s+exchange)", "equities", "broking", r"brokerages?",
)
"""Role words that keep an executive from speaking for the story's company (decision 14): an advocacy body's, a
former one, a rival's, an analyst, a broker's (a director of "IIFL Securities" reads the market for clients)."""

CLAUSE_ONLY_VERBS = (
    "joked jokes quipped quips tweeted remarked commented reiterated reiterates complained complains lamented laments "
    "boasted mused wondered opined proclaimed confessed affirmed written speculated speculates speculate forecast forecasts"
).split()
CLAUSE_ONLY_PHRASES = [r"weighed\s+in", r"(?:is|are|was|were)\s+of\s+the\s+(?:view|opinion)"]
"""Speech verbs that also describe deeds ("tweeted a photo", "affirmed the ruling", "weighed in on the verdict"): a cue
after their subject only before a reported clause ("that", "about", a colon, a comma, a quotation); in a tag after a
quotation ("..., she joked.") always. "Pointed out" is speech in news copy, whatever follows."""
SPEECH_VERBS = (
    "said says say stated states told tells added adds revealed reveals explained explains warned warns "
    "expressed expresses noted notes argued argues announced announces confirmed confirms denied denies "
    "estimated estimates estimate wrote writes claimed claims insisted insists stressed stresses emphasised "
    "emphasized believes believe predicted predicts cautioned cautions accused accuses indicated indicates "
    "reported reports testified testifies ruled rules concluded concludes acknowledged acknowledges admitted "
    "admits alleged alleges asserted asserts suggested suggests urged urges posted mentioned disclosed "
    "countered replied responded maintained maintains contended observed recalled conceded vowed pledged "
    "promised declared declares told think thinks stating saying adding warning arguing noting explaining "
    "expects accepted described questioned admitting acknowledging conceding stressing revealing alleging "
    "declaring predicting telling "
    "warn expect argue note predict insist stress caution contend maintain fear worry doubt allege "
    + " ".join(CLAUSE_ONLY_VERBS)
).split() + CLAUSE_ONLY_PHRASES + [r"pointed\s+out", r"points\s+out", r"(?:cried|cries|cry)\s+foul",
    r"(?:took|takes)\s+to\s+(?:twitter|facebook|instagram|tiktok|youtube|linkedin|social\s+media)(?=(?:\s+(?:on|late|early|last)\s+\w+)?\s+to\s+"
    r"(?:say|describe|critici[sz]e|slam|blast|defend|announce|deny|apologi[sz]e|thank|respond|reply|address|accuse|call|urge|condemn|"
    r"praise|claim|insist|explain|reveal|express|voice|question|mock|attack|hit\s+back|warn|congratulate|reassure|tell|share\s+(?:his|her|their)\s+"
    r"(?:thoughts|views|reaction|frustration|anger|feelings))\b|\s*[:,])"]
"""Word forms of speech verbs (regular expressions: "pointed out" is two words)."""

SPEECH_LEMMAS = frozenset(
    "say state tell add reveal explain warn express note argue announce confirm deny estimate write claim insist stress "
    "emphasise emphasize believe predict caution accuse indicate report testify rule conclude acknowledge admit allege "
    "assert suggest urge post mention disclose counter reply respond maintain contend observe recall concede vow pledge "
    "promise declare think expect accept describe question fear worry doubt tweet agree disagree complain ask answer "
    "remark point highlight recommend propose charge defend criticize criticise praise blame hint forecast comment "
    "reiterate underscore speculate".split()
)
"""Speech and cognition verbs by lemma, for `dependency_cues` (the patterns match word forms: SPEECH_VERBS)."""

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
    "kremlin pentagon gov governors commissioner commissioners speaker chair chairperson clerk auditor "
    "comptroller treasurer ombudsman councillor councilor councilman councilwoman alderman congressman "
    "congresswoman congressmen rep reps sen cfo coo cto vp svp evp founder co-founder owner envoy consul undersecretary "
    "superintendent constable detective investigators prosecutors' fbi cia nasa fda cdc sec ftc fcc epa "
    "irs nato imf opec uefa fifa nfl nba congress congressional senate legislature legislative committee subcommittee"
).split() + ["white house", "coast guard", "federal reserve", "central bank", "majority leader", "minority leader",
             "chief executive", "chief financial officer", "chief operating officer", "head coach's club",
             "of congress", "in congress", "house committee", "senate committee", "judiciary committee", "select committee",
             "congressional committee", "intelligence committee", "oversight committee"]

OFFICIAL_FIRST = ("attorney general", "district attorney", "u.s. attorney", "state's attorney", "county attorney",
                  "city attorney", "prosecuting attorney", "solicitor general", "attorney-general", "justice department",
                  "department of justice", "public prosecutor", "securities and exchange", "securities and futures",
                  "securities commission", "securities regulator", "securities board", "securities authority")
"""Official titles that hold a commentator word ("attorney"): checked before the commentator words."""

COMMENTATOR_ROLES = (
    "commentator commentators analyst analysts expert experts professor academic academics researcher "
    "researchers economist economists scholar scholars think-tank institute groups "
    "ngo ngos union unions activist activists campaigner campaigners lawyer attorney witness witnesses "
    "resident residents observer observers critic critics candidate challenger former ex- retired "
    "columnist author study survey residents victim victims relatives family families neighbour "
    "neighbor farmer farmers student students teacher teachers player players coach fan fans athlete "
    "doctor doctors nurse scientist scientists historian strategist consultant opposition-leaning "
    "amnesty watchdog advocates advocacy charity coalition alliance association "
    "insiders source sources diplomat diplomats quarterback striker midfielder goalkeeper defender pitcher "
    "forward guard captain's actress actor singer rapper musician star celebrity publicist agent epidemiologist "
    "virologist physician psychologist investor investors shareholder shareholders voter voters pollster "
    "economist's fellow lecturer biographer novelist filmmaker director's critic's brokerage brokerages consultancy securities "
    "equities broking hopeful hopefuls"
).split() + ["think tank", "rights group", "people familiar", "civil liberties", "financial firm", "research firm", "ratings agency", "rating agency"]

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

ANONYMOUS_PHRASES = (  # also read by the speaker tracker (attribution._is_named): changing it changes rules-2
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

RELAY_PHRASES = (  # also the tracker's decision-5 switch to the inner source: changing it changes rules-2
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

# Credibility signals decided with the speaker in view (annotate/signals.py); read by nothing else.
HEDGE_WORDS = (
    "reportedly allegedly apparently purportedly possibly perhaps probably likely unlikely might "
    "presumably seemingly rumoured rumored unconfirmed unverified maybe potentially conceivably "
    "alleged apparent purported supposedly reputedly arguably"
).split()
"""Hedges on their own (CoNLL-2010 cue adverbs and adjectives); "may" and "might" are modal
(signals._MODAL), "suspected" only as a belief (HEDGE_PATTERNS), "likely" not in "likely voters"."""
HEDGE_PATTERNS = (
    r"(?:is|are|was|were|be|been|being|widely|still|also|not)\s+(?:(?:widely|now|also|still|not|generally|initially|originally|first|long|previously|largely|mostly|commonly)\s+){0,2}"
    r"(?:believed|thought|said|understood|rumou?red|reported|alleged|suspected|estimated|expected|projected|forecast|predicted|feared|presumed|tipped)\s+to",
    r"(?:believed|thought)\s+to\s+(?:be|have)",
    r"it\s+(?:is|was|has\s+been|had\s+been)\s+(?:widely\s+|now\s+|also\s+|generally\s+)?(?:thought|believed|understood|said|claimed|alleged|feared|rumou?red|suggested)\s+that",
    r"(?:seems?|seemed)(?:\s+to|\s+that|\s+likely)?",
    r"(?:appears?|appeared)\s+(?:to|that|(?:un)?likely)",
    r"it\s+(?:appears|appeared)",
    r"it\s+(?:is|was|remains|remained|'s|’s)\s+(?:still\s+)?(?:unclear|not\s+(?:yet\s+|immediately\s+)?(?:clear|known)|uncertain|unknown|possible|conceivable|plausible)",
    r"(?:not\s+(?:yet\s+|immediately\s+)?(?:clear|known)|unclear|uncertain)\s+(?:whether|if|how|what|when|why|who|where)",
    r"(?:remains?|remained)\s+(?:to\s+be\s+seen|unclear|uncertain|unknown)",
    r"(?:is|are|was|were|been|being)\s+(?:also\s+|widely\s+)?suspected|(?:(?<=\bthe\s)|(?<=\ba\s)|(?<=\ban\s))suspected(?=\s+\w)",
    r"(?:suggest|suggests|suggested|suggesting|indicate|indicates|indicated|indicating)\s+that",
    r"(?:data|evidence|findings|results|figures|study|studies|research|analysis|polls?|surveys?|records|signs)\s+(?:also\s+)?(?:suggest|suggests|suggested|indicate|indicates|indicated)",
    r"expect(?:s|ed|ing)?(?=\s+(?:[\w'’.,-]+\s+){0,10}to\s+\w)",
    r"expects?(?=\s+(?:about\s+|around\s+|roughly\s+|some\s+)?[$€£]?\d)",
    r"(?:almost|all\s+but|nearly)\s+certain(?:ly)?|in\s+all\s+likelihood|(?:chances|odds)\s+are",
    r"it\s+(?:seems|seemed|appears|appeared)",
    r"(?:I|we|you|they)\s+(?:(?:also|still|really|just|honestly|do|don't|don’t|do\s+not|did\s+not|didn't|didn’t)\s+)?(?:think|believe|suspect|guess|doubt|imagine|assume|reckon|expect)",
    r"(?:thinks|believes|believed|doubts|doubted|reckons|reckoned|speculated|speculates|presumes|assumes)(?!\s+(?:in|of|me|him|her|them|it|you|us)\b)(?=\s+\w)",
    r"(?<=said\s)(?:he|she|they|I|we)\s+thought(?=\s+(?:that\s+)?(?:the|a|an|it|this|his|her|their|[A-Z]))",
    r"(?:I|we)\s+(?:feel|felt)\s+(?:like|that)|in\s+(?:my|our)\s+(?:view|opinion)|(?:I'd|I’d|I\s+would)\s+(?:say|guess|think)|my\s+(?:guess|sense|hunch)\s+is",
    r"doubt(?:s|ed)?\s+(?:that|whether|if)|(?:casts?|cast|raised?|raises)\s+doubts?|speculation\s+that",
    r"if\s+(?:confirmed|true|proven|verified)",
    r"unclear|uncertain|(?:no\s+one|nobody)\s+(?:knows|knew)|(?:I|we)\s+(?:don't|don’t|do\s+not|didn't|didn’t|did\s+not)\s+know",
    r"estimated|estimates?(?=\s+(?:that|of|the|a|an|suggest|show|put|vary|range|\d))|according\s+to\s+(?:\w+\s+)?estimates|according\s+to\s+(?:one|an|some)\s+(?:\w+\s+)?estimate",
    r"(?:tends?|tended)\s+to|looks?\s+(?:set|likely|unlikely|poised)\s+to|(?:looks?|looked|sounds?|sounded|seemed)\s+like",
    r"hint(?:s|ed)?\s+(?:that|at)",
    r"(?:I'm|I’m|I\s+am|we're|we’re)\s+not\s+(?:sure|certain)",
    r"(?:is|are|was|were|be|been|widely|still|also|not)\s+expected|expected\s+to",
    r"(?:believes?|believed)(?=\s+(?:that|the|it|he|she|they|this|there|a|an|his|her|their)\b)",
    r"an\s+estimated",
    r"suggest(?:s|ed|ing)?\s+that",
    r"(?:would|could|may|might|will)\s+(?:likely|probably|possibly)",
    (r"could\s+(?:(?:also|still|even|eventually|soon|potentially|well|ultimately|now)\s+)?(?:be|have|become|cause|lead|mean|take|reach|rise|fall|drop|climb|grow|shrink|continue|hit|cost|face|see|affect|result|spread|happen|"
    r"trigger|derail|slow|push|force|threaten|prove|weigh|delay|end|exceed|top|increase|decrease|worsen|collapse|fail|lose|add|boost|hurt|harm|damage|"
    r"undermine|jeopardi[sz]e|spark|fuel|escalate|pave|signal|pose|reduce|shift|emerge|last|help|change|deter|slip|shape|begin|start|prompt|hamper|"
    r"hinder|disrupt|lift|lower|stall|block|halt|prevent|enable|allow|undercut|complicate|encourage|discourage|frighten|worry|benefit|expose|"
    r"destabili[sz]e|overwhelm|strain|squeeze|erode|wipe|double|triple|soar|plunge|tumble|surge|spike|jump|dip|slide|sink|stem|run\s+(?:short|out)|"
    r"close|shut|resume|fold|win|pass|disappear|vanish|follow|occur|arrive|recover|rebound|stabili[sz]e|"
    r"offer|provide|bring|account\s+for|amount\s+to|turn\s+out|well\s+be)"),
    r"there\s+(?:are|were|have\s+been|is|was)\s+(?:also\s+)?(?:signs|indications|reports|suggestions|rumou?rs)\s+that",
    r"(?:feared|presumed)\s+(?:dead|killed|missing|drowned)",
    r"(?:thinks|suspects|expects|estimated|estimates|estimate)(?=\s+(?:that|the|it|he|she|they|this|there|a|an|his|her|their|about|between|at|around|two|three|four|five|in)\b)",
    r"there\s+(?:are|were)\s+(?:also\s+)?(?:signs|indications)",
    r"(?:too\s+early|impossible|not\s+possible|difficult|hard)\s+to\s+(?:say|tell|know|determine|predict)",
)
"""Epistemic phrases (regular expressions, matched case-insensitively at word boundaries). Not a belief recounted in
the past ("I thought it was money trouble", "he thought he would be next"): the speaker tells what they once believed,
which hedges no claim of the sentence (the corpus never marks it); "is thought to", "it was thought that" and an opinion
reported as thought ("said he thought the campaign was meant to shock") still hedge."""
NOT_HEDGES = (
    r"(?:more|less|than|as)\s+(?:(?:previously|initially|first|once|originally)\s+)?(?:expected|thought|believed|feared|estimated)", r"unexpected", r"(?:percent|per cent|%|times)\s+(?:more|less)\s+likely",
    r"likely\s+(?:[\w-]+\s+){0,2}(?:voters?|caucus-?goers|electorate)", r"(?:believes?|believed|believing)\s+in\b",
    r"no\s+reason\s+to\s+(?:believe|think|doubt|expect|suspect)",
    r"(?<=\bsay\s)(?:when|whether|if|how|why)\s+(?:[\w’'.-]+\s+){1,4}?(?:may|might|could)", r"whether\s+(?:he|she|they|it|we|you|I)\s+(?:believes?|thinks?|expects?|feels?)",
)
"""Look-alikes: a comparison with the expected, a statistic of likelihood, a polling term ("likely voters"),
a faith ("believes in"). Appearing in court or in a document ("due to appear", "does not appear in") is kept
out by the "appear" patterns themselves."""

VIEW_HOLDERS = (
    "authorities forecasters backers proponents skeptics sceptics detractors commentators pundits historians organizations organisations"
).split()
"""Plural voices that name nobody, heads of vague mentions and holders of a view alike ("Forecasters expect")."""
VAGUE_HEADS = set(
    "people person persons source sources official officials insider insiders analyst analysts economist economists "
    "expert experts strategist strategists researcher researchers scientist scientists observer observers critic "
    "critics resident residents witness witnesses villager villagers neighbor neighbors neighbour neighbours "
    "relative relatives member members worker workers executive executives diplomat diplomats activist activists "
    "doctor doctors employee employees staff staffer staffers aide aides friend friends acquaintance parent parents "
    "student students teacher teachers voter voters shopper shoppers user users customer customers fan fans locals "
    "groups individuals someone somebody colleague colleagues investor investors trader traders banker bankers "
    "lawmakers legislators engineers engineer nurse nurses crew survivors survivor passenger passengers "
    "investigators investigator detectives advocates campaigners families farmers drivers developers specialists "
    "clinicians cardiologists physicians patient patients consumer consumers citizen citizens commuter commuters "
    "tourist tourists visitor visitors spectator spectators viewer viewers reader readers organizations organisations"
    .split()
) | set(VIEW_HOLDERS)
"""Heads of mentions that name nobody: "an airport official", "people briefed on the talks", "one legal expert"."""
ROLE_HEADS = set(
    "officer officers soldier soldiers fighter fighters commander commanders militant militants guard guards "
    "firefighter firefighters paramedic paramedics medic medics rescuer rescuers prosecutor prosecutors lawyer lawyers "
    "attorney attorneys minister ministers senator senators lawmaker legislator congressman congresswoman "
    "councillor councilor adviser advisers advisor advisors consultant consultants manager managers director directors "
    "organizer organizers organiser organisers protester protesters protestor protestors demonstrator demonstrators "
    "man men woman women mother father sister brother son daughter victim victims owner owners operator operators "
    "pilot pilots driver farmer guide veteran veterans negotiator negotiators mediator mediators envoy envoys "
    "agent agents spy detective judge judges regulator regulators supporter supporters opponent opponents "
    "participant participants attendee attendees delegate delegates leader leaders figure figures physician "
    "scholar scholars academic academics economist lobbyist lobbyists partner partners associate associates "
    "contractor contractors technician technicians inspector inspectors clerk clerks donor donors recruiter "
    "smuggler smugglers trafficker traffickers inmate inmates prisoner prisoners detainee detainees refugee refugees "
    "migrant migrants journalist journalists photographer reporter"
    .split()
)
"""Role nouns that name nobody only after an indefinite opener: "a police officer said", "a Republican senator",
"one mother"; "the senator said" points back to a senator the article named."""
SOURCE_VERBS = tuple(sorted(set(SPEECH_VERBS) | set(
    "shared shares dished dishes spilled gushed gushes revealed reveals claimed claims confided confides continued continues "
    "explained explains added adds noted notes insisted insists confirmed confirms alleged alleges described describes "
    "recounted recalled recalls disclosed discloses hinted hints teased".split()
)))
"""Verbs an unnamed source speaks with, in wire and in entertainment copy ("a source shared with People", "the insider dished")."""
VAGUE_COLLECTIVES = {"wall street", "the market", "the markets", "markets", "the street"}
"""Collective voices that name nobody ("Wall Street expects a cut", "according to Wall Street")."""
ALWAYS_UNNAMED_HEADS = {"source", "sources", "insider", "insiders", "person", "persons", "people", "others", "some", "many", "someone", "somebody",
                        "aides", "advisers", "advisors", "confidants"}
"""Heads that name nobody even after a body's name ("Guardia Civil sources", "Kremlin insiders", "White House aides") or
alone ("Others said"): people around a leader or a body speak for themselves, not for its office. Capitalised, the head
is a firm's name ("Mercer Advisors")."""
GROUP_HEADS = set(
    "protesters protestors demonstrators soldiers fighters militants officers firefighters paramedics medics rescuers "
    "supporters opponents organizers organisers participants attendees delegates migrants refugees inmates prisoners "
    "detainees smugglers men women victims owners operators pilots guards negotiators mediators lobbyists donors "
    "journalists technicians contractors veterans advisers advisors consultants scholars academics".split()
)
"""Plural role nouns that name nobody even without an opener ("Protesters said", "Soldiers told reporters"); not
institutional plurals such as "prosecutors", "judges" or "regulators", which speak for a named office."""
PERSON_NOUNS = {"man", "woman", "men", "women", "boy", "girl", "mother", "father", "couple", "victim", "survivor", "resident", "witness", "villager", "patient"}
"""Person nouns that stay unnamed after "the" ("the woman said"): a named person is called by name, not "the woman"."""
RESEARCH_HEADS = {"analyst", "analysts", "economist", "economists", "researcher", "researchers", "scientist", "scientists", "strategist", "strategists"}
"""A research team of a named firm speaks under its name ("Analysts at Brennan Capital wrote in a note")."""
FIRST_NAME_ONLY = (
    r"gave\s+(?:only\s+)?(?:her|his|their)\s+(?:first\s+)?names?\s+(?:only\s+)?as",
    r"(?:identified|named)\s+(?:only\s+)?(?:by|as)\s+(?:her|his|their)\s+(?:first|last)\s+names?",
    r"gave\s+only\s+(?:her|his|their)\s+(?:first|last)\s+names?",
)
"""A source who gives a first name is named (though partly): not anonymous. A pseudonym is anonymous."""
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
"""Names of when, not who: after "the group", in an inverted tag, among an article's most-named words."""
VAGUE_OPENERS = set("a an one two three four five six seven eight nine ten several some many few various unnamed anonymous other another numerous multiple dozens both".split())
SPOKES_ROLES = ("spokesperson", "spokesman", "spokeswoman", "spokespeople", "representative", "press office", "press officer", "press secretary", "press service", "press centre", "press center", "statement")
"""A body speaking through its spokesperson is named even when the person is not ("a Vantis spokesperson")."""
ANONYMITY_MARKERS = (
    r"on\s+(?:the\s+)?condition\s+of\s+anonymity", r"(?:asked|wished|wishes|wish|declined|requested)\s+not\s+to\s+be\s+(?:named|identified)",
    r"did\s+not\s+(?:want|wish)\s+to\s+be\s+(?:named|identified)", r"declined\s+to\s+be\s+(?:named|identified)", r"speaking\s+anonymously",
    r"(?:not|n't)\s+(?:authori[sz]ed|allowed|permitted)\s+to\s+(?:speak|comment|discuss|talk|be\s+(?:named|identified|quoted))", r"(?:requested|sought|demanded|insisted\s+on)\s+anonymity",
    r"granted\s+anonymity", r"(?:on|under)\s+(?:the\s+)?condition\s+(?:that\s+)?(?:(?:he|she|they|her|his|their)\s+)?(?:(?:full\s+)?names?\s+)?(?:not\s+be|was\s+not|were\s+not|is\s+not|be\s+withheld)",
    r"(?:name|names|identity|identities)\s+(?:was|were|is|are|has\s+been|have\s+been)\s+(?:being\s+)?withheld", r"(?:asked|asking|wished|wishing)\s+(?:to\s+)?(?:remain|stay)\s+anonymous",
    r"(?:speaking|spoke|talking|talked)\s+(?:privately|anonymously|on\s+background)", r"(?:asked|asking|requested|requesting)\s+not\s+to\s+be\s+(?:named|identified|quoted)",
    r"(?:under|using)\s+a\s+pseudonym", r"not\s+(?:her|his|their)\s+real\s+names?",
)
VAGUE_GROUPS = (
    "experts analysts economists researchers scientists observers critics residents witnesses diplomats insiders officials doctors "
    "investors traders strategists supporters opponents"
).split() + VIEW_HOLDERS + [r"wall\s+street"]
"""Plural sources that name nobody when they hold a view ("Forecasters expect", "Critics say"); "Wall Street" as a voice."""
VIEW_VERBS = (
    "say said warn warned believe believed expect expected argue argued fear feared estimate estimated predict predicted agree agreed "
    "caution cautioned note noted suggest suggested think thought worry worried question questioned describe described told tell doubt "
    "doubted found reported contend contended suspect suspected accuse accused claim claimed insist insisted allege alleged acknowledge "
    "acknowledged dispute disputed blame blamed criticize criticized criticise criticised concede conceded maintain maintained attribute attributed "
    "says expects believes fears warns"
).split() + [r"point\s+out", r"pointed\s+out", r"(?:raise|raised)(?=\s+(?:concerns?|questions?|doubts?|fears?))"]
"""Verbs by which a group holds or voices a view; not "saw", "called" or "raised $2 million", which are deeds."""
_NOT_MODIFIER = r"(?!(?:he|she|they|it|we|i|you|and|or|but|that|the|a|an|of|in|on|at|to|for|with|by|from|as|than|said|says|say|told|tells|other|its|their|his|her)\b)"
VAGUE_SOURCE_PATTERNS = (
    (r"(?:(?:many|some|most|other|several|few|independent|outside|leading|prominent|western|foreign|local)\s+)?(?:" + _NOT_MODIFIER + r"[a-z.-]+\s+){0,2}"
     r"(?:" + "|".join(VAGUE_GROUPS) + r")\s+(?:have\s+|had\s+)?(?:long\s+|also\s+|widely\s+|generally\s+)?(?:" + "|".join(VIEW_VERBS) + r")\b"),
    r"(?:according\s+to\s+|citing\s+)(?:\w+\s+){0,2}sources|(?:unnamed|anonymous|informed|reliable|senior)\s+(?:\w+\s+)?sources",
    r"(?:unnamed|anonymous|unidentified)\s+(?:[\w-]+\s+){0,2}(?:officials?|sources?|people|persons?|diplomats?|aides?|insiders?|employees?|staffers?|executives?|investigators?|officers?|members?|witnesses|residents?)",
    r"(?:[\w-]+\s+){0,2}sources\s+(?:said|say|says|told|tell|close\s+to|familiar|with\s+knowledge|briefed|inside|within|in\s+the)",
    (r"(?:a|an|one|two|three|four|several|some|many|other)\s+(?:[\w’'-]+\s+){0,3}(?:source|official|officials|insider|insiders|person|people|expert|experts|analyst|analysts|executive|executives|diplomat|diplomats|aide|aides|employee|employees|staffer|staffers|witness|witnesses|resident|residents)"
    r"(?=(?:\s+(?:at|in|from|with|for|of|close\s+to)\s+(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+)?)?(?:\s+(?:said|says|say|told|tells|believe|believes|think|thinks|expect|expects|argue|argues|warn|warns|fear|fears|estimate|estimates|suggest|suggests|link|links|note|notes|described|describe|"
    r"shared|shares|revealed|reveals|claimed|claims|explained|explains|added|adds|confirmed|confirms|insisted|insists|dished|spilled|gushed|continued|alleged|confided)\b|,\s+who\b))"),
    r"(?:people|persons?|someone|one|two|three|several)\s+(?:\w+\s+){0,2}(?:familiar\s+with|briefed\s+on|close\s+to|with\s+(?:direct\s+)?knowledge\s+of|aware\s+of)",
    r"there\s+(?:are|were)\s+(?:indications|signs|suggestions)", r"observers\s+(?:say|said|believe|note)", r"insiders?\s+(?:say|said|says|told|claim)",
    r"critics\s+(?:say|said|argue|contend|claim)",
    (r"with\s+(?:some\s+|many\s+|most\s+)?(?:" + "|".join(VAGUE_GROUPS) + r")\s+(?:widely\s+)?(?:expecting|predicting|forecasting|warning|saying|estimating|"
     r"betting|anticipating|arguing|fearing)"),
    r"(?:[a-z]+ed|seen|viewed)\s+by\s+(?:some\s+|many\s+|most\s+)?(?:critics|experts|analysts|observers|economists|skeptics|sceptics|opponents)(?!\s+(?:at|from|with)\s+[A-Z])",
    r"(?-i:studies|research|estimates|analyses|^Studies|^Research|^Estimates|^Analyses)\s+(?:have\s+|has\s+)?(?:long\s+|consistently\s+|repeatedly\s+)?(?:show|shows|shown|showed|suggest|suggests|suggested|found|find|indicate|indicates|indicated)",
    r"(?:by|according\s+to)\s+(?:some|one|most|many|several|other|conservative|official|independent)\s+(?:[\w-]+\s+)?estimates?|one\s+estimate",
    r"(?:the\s+)?(?:thinking|argument|theory|logic|reasoning|story|narrative|saying|joke)\s+goes(?=\s*(?:that\b|[,:.]|$))",
    r"it\s+(?:is|was|has\s+(?:long\s+)?been)\s+(?:widely\s+|generally\s+|often\s+|commonly\s+|long\s+)?(?:believed|thought|said|understood|rumou?red|claimed|alleged|reported|assumed|suspected)\s+that",
    r"(?:is|are|was|were)\s+widely\s+(?:believed|thought|seen|regarded|considered|expected|viewed|described)",
    r"some\s+(?:say|said|argue|argued|believe|believed|claim|claimed|suggest|suggested|fear|feared|worry|worried|contend|contended|speculate|speculated)",
    r"questions\s+have\s+(?:been|also\s+been)\s+raised|(?:widespread|growing|rampant|much)\s+speculation|rumou?rs\s+(?:have|had|that|of|swirled|circulated|spread)",
)
"""Vague sources named in a sentence where the rules found no speaker ("people familiar with the matter")."""

MEDIA_HEADS = (
    "News Times Post Journal Herald Ledger Tribune Gazette Chronicle Courier Signal Beacon Dispatch Daily Weekly "
    "Broadcasting Radio Television TV Channel Magazine Press Wire Star Observer Mail Express Telegraph "
    "Guardian Independent Record Register Bulletin Monitor Mirror Sun Standard Review Reporter Online Jornal "
    "Newsweek Insider Examiner Inquirer Enquirer Sentinel Globe Times-Picayune Newsletter"
).split()
MEDIA_HEADS += [r"(?:Sports|Broadcasting|Television|TV|Cable|Radio|Media)\s+Network"]
"""Words that make a capitalised name an outlet ("the Lakeshore Herald", "Radio Kilele", "E! News"); a network only
when it broadcasts ("the Lakeshore Sports Network"), not an advocacy one ("the Research Integrity Network")."""
OUTLET_ALIASES = {
    "ap": "associated press", "apnews": "associated press", "afp": "agence france-presse", "nytimes": "new york times", "nyt": "new york times",
    "wsj": "wall street journal", "ft": "financial times", "latimes": "los angeles times", "thetimes": "the times", "foxnews": "fox news",
    "cbsnews": "cbs", "nbcnews": "nbc", "abcnews": "abc news", "theguardian": "guardian",
}
"""Outlets' web names and initials -> the name their stories use ("hosted.ap.org" -> "The Associated Press")."""
HOST_NOISE = frozenset("www m amp edition hosted mobile en eu uk us com org net gov edu ac co info biz news".split())
"""Labels of a web address that name no outlet: "www.", "edition.", "com", "co.uk" (two-letter country codes are dropped too)."""
OWN_OUTLET_HEADS = {w.lower() for w in MEDIA_HEADS if w.isalpha()} - {"news", "radio", "television", "tv", "channel", "press", "online", "daily", "weekly"}
"""An article's own outlet may call itself by this last word after "the" ("told the Herald" in The Ridgeway Herald)."""
MEDIA_NOUNS = (
    "newspaper", "paper", "outlet", "publication", "broadcaster", "network", "channel", "station", "magazine", "newsletter", "radio",
    "tabloid", "daily", "website", "news site", "news agency", "wire service", "trade publication", "trade outlet",
    "television", "television station", "TV station", "radio station", "broadcast network", "news website", "news outlet", "podcast",
    "news program", "news programme", "talk show", "weekly", "tabloid newspaper",
)
"""Outlets by kind, after a determiner ("the publication", "a local newspaper")."""
MORE_OUTLETS = (
    "reuters", "associated press", "the associated press", "afp", "agence france-presse", "bloomberg", "bbc", "cnn", "nbc", "cbs", "abc",
    "msnbc", "cnbc", "fox news", "npr", "pbs", "politico", "axios", "tmz", "e! news", "variety", "deadline", "usa today", "the hill",
    "xinhua", "tass", "ria novosti", "interfax", "yonhap", "kyodo", "nhk", "al jazeera", "dpa", "efe", "ansa", "itv", "sky news", "rte",
    "buzzfeed", "vox", "vice", "the verge", "techcrunch", "wired", "espn", "page six", "people magazine", "us weekly", "the athletic",
    "the information", "semafor", "the intercept", "propublica", "the new yorker", "the atlantic", "the economist", "cbc", "abc news",
    "haaretz", "ynet", "al arabiya", "al-monitor", "asharq al-awsat", "der spiegel", "spiegel", "bild", "die zeit", "le monde", "le figaro",
    "liberation", "el pais", "el país", "el mundo", "la repubblica", "corriere della sera", "kommersant", "vedomosti", "izvestia", "meduza",
    "nikkei", "asahi", "yomiuri", "mainichi", "caixin", "the hindu", "ndtv", "daily beast", "the daily beast", "huffpost", "mediaite",
    "cnbc", "marketwatch", "barron's", "forbes", "business insider", "thewrap", "the wrap", "the hollywood reporter", "billboard",
    "rolling stone", "vanity fair", "entertainment tonight", "in touch", "ok!", "hello!", "daily mail", "the daily mail", "the sun", "the mirror",
    "radio free europe", "rfe/rl", "voice of america", "voa", "deutsche welle", "dw", "france 24", "rfi", "euronews", "anadolu", "wion",
    "kyiv independent", "ukrainska pravda", "novaya gazeta", "punchbowl news", "national review", "breitbart", "newsmax",
    "mother jones", "stat news", "sports illustrated", "yahoo news", "yahoo sports", "yahoo finance", "law360",
    "the washington post", "the new york times", "the wall street journal", "financial times", "the financial times", "the guardian",
    "the telegraph", "the times", "the independent", "press association", "the press association", "pa media", "los angeles times", "usa today", "the boston globe", "the hill", "newsweek",
)
"""Outlets known by name (lower case; matched case-insensitively as whole phrases)."""
MEDIA_GENERIC = ("state television", "state tv", "state media", "state radio", "state broadcaster", "state news agency", "state-run media",
                 "state-run television", "local media", "local news", "local outlets", "local reports", "media outlets", "foreign media", "the media", "news outlets",
                 "national television", "national radio", "public television", "public radio", "public broadcaster", "national broadcaster", "state-owned media",
                 "state-run news agency", "state-owned television", "local television", "local radio", "local newspapers", "western media", "international media",
                 "news reports", "press reports", "media reports")

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
BODY_NOUNS = {
    "club", "team", "side", "league", "network", "broadcaster", "studio", "tournament", "federation", "carrier", "airline", "retailer",
    "automaker", "carmaker", "lender", "insurer", "chain", "startup", "start-up", "publisher", "charity", "museum", "festival", "utility",
    "app", "maker", "operator", "provider", "developer", "platform", "brand", "manufacturer", "supplier", "conglomerate", "nonprofit",
    "non-profit", "business", "newspaper", "website", "school", "college"}
"""Descriptions that make a name a body's: a tag's ("..., the Spanish club announced") or an appositive's ("Millbrook Water,
the council-owned utility, said")."""
BODY_HEADS = ORG_HEADS | BODY_NOUNS
"""Every head noun that makes a mention a body's, by its organisational kind or its trade."""

FAMILY_NAME_FIRST = set(
    "li wang zhang liu chen yang huang zhao wu zhou xu sun zhu hu guo lin gao luo zheng liang xie song tang feng deng cao "
    "peng zeng xiao tian dong pan yuan cai jiang du ye cheng wei su lu ding ren shen yao jin xi qin bai kong meng fang shi "
    "mao qian yan lei hou duan hao shao gu lai wen fu".split()
)
"""Chinese family names, written first ("Jin Yinan", "Liu Wei"): the first word of such a name is no given name, so a
first-name table cannot tell the person's gender from it ("Jin" would read as a woman's)."""

DOCUMENT_HEADS = {"statement", "report", "release", "letter", "filing", "memo", "post", "tweet", "notice", "announcement", "email", "summary",
                  "ruling", "order", "complaint", "indictment", "lawsuit", "decree", "judgment", "judgement"}
"""A document standing for its author: "the statement said" is the company that issued it."""

ORG_SUFFIXES = (
    "Inc Corp Corporation Ltd plc PLC LLC Co Group Holdings Pharma Pharmaceuticals Bio Biotech Nutrition "
    "Foods Systems Technologies Motors Airlines Airways Energy Bank Partners Capital Labs Software Media "
    "Telecom Networks Industries Entertainment Games Productions Records Studios Pictures Films Publishing Brands "
    "Mining Resources Logistics Semiconductors Therapeutics Robotics Insurance"
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
