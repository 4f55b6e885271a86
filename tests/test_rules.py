"""The rules backend on sentences written for these tests."""

import pytest

from sourcelens.annotate.attribution import annotate_article, source_type
from sourcelens.annotate.cues import cited_source, find_cue
from sourcelens.annotate.inputs import article_from_text
from sourcelens.annotate.segment import segment


def rules(text: str):
    sentences = segment(article_from_text("t", text))
    return list(zip(sentences, annotate_article(sentences)))


def test_sentence_final_attribution_and_continued_account():
    out = rules("Headline\nThe bridge will close on Monday, the transport ministry said. The ministry added that cracks were found. He gave no date.")
    (_, head), (s1, a1), (s2, a2), (s3, a3) = out
    assert head.label == "reporter_statement"
    assert a1.label == "official_claim" and a1.source.text == "the transport ministry" and a1.cue.text == "said"
    assert s1.text[a1.source.start : a1.source.end] == "the transport ministry"
    assert a2.label == "official_claim" and a2.source_name == "the transport ministry"
    assert a2.cue.text == "added that"
    assert a3.label == "official_claim"  # a pronoun continues the account (decision 3)


def test_commentator_with_appositive_and_pronoun():
    out = rules("H\nDr. Ada Osei, an economist at Lakeside University, said the plan would fail. She argued that wages lag prices.")
    (_, _), (_, a1), (_, a2) = out
    assert a1.label == "commentator_opinion" and a1.source.text == "Dr. Ada Osei"
    assert a2.label == "commentator_opinion" and a2.source.text == "She" and a2.source_name == "Dr. Ada Osei"


def test_sentence_about_a_source_is_reporter():
    out = rules("H\nThe ministry did not disclose the name of the institute. The agency regularly publishes its figures.")
    assert [a.label for _, a in out[1:]] == ["reporter_statement", "reporter_statement"]


def test_according_to_and_hedged_unattributed():
    out = rules("H\nThree men were arrested, according to police. The gang reportedly had links abroad.")
    (_, a1), (_, a2) = out[1], out[2]
    assert a1.label == "official_claim" and a1.cue.text == "according to" and a1.source.text == "police"
    assert a2.label == "reporter_statement" and [h.text for h in a2.signals.hedges] == ["reportedly"]


def test_relay_keeps_the_original_source():
    out = rules("H\nThe plant was shut, the ministry revealed on its website, Harbor Daily reports via foreign media.")
    a = out[1][1]
    assert a.label == "official_claim" and a.source.text == "the ministry"
    assert [r.text for r in a.signals.relay] == ["reports via", "via foreign media"] or a.signals.relay


def test_quotation_continues_without_cue_and_new_paragraph_ends_account():
    out = rules('H\n"We will fight this," union leader Jo Park said. "Nobody will cross the line."\nThe port handles 2m containers a year.')
    labels = [a.label for _, a in out[1:]]
    assert labels == ["commentator_opinion", "commentator_opinion", "reporter_statement"]


def test_anonymous_official_is_official_and_unnamed():
    a = rules("H\nA senior official said the talks had stalled.")[1][1]
    assert a.label == "official_claim" and a.signals.named_source is False and a.signals.anonymous


def test_source_types():
    assert source_type("a spokesperson for the Interior Ministry") == "official"
    assert source_type("a former minister") == "commentator"
    assert source_type("rights group Civic Watch") == "commentator"
    assert source_type("state television") == "official"
    assert source_type("Ann Lee, head of the pressure group Clean Air Now") == "commentator"  # decision 14
    assert source_type("Tom Reed, chief executive of the fact-checking charity Fair Facts") == "commentator"
    assert source_type("Global financial firm Harlow Morgan") == "commentator"  # analysts' firms comment on others (decision 14)
    assert source_type("the brokerage Kotak Equities") == "commentator"
    assert source_type("Sanjiv Rao, Director, Harbour Securities") == "commentator"  # a broker reads the market
    assert source_type("Ann Lee, director of enforcement at the Securities and Exchange Commission") == "official"
    assert source_type("Volkswagen Group CEO Ann Lee") == "official"
    assert source_type("Some members of Congress") == "official"  # lawmakers, by their chamber
    assert source_type("the House Judiciary Committee") == "official"
    assert source_type("the Committee to Protect Journalists") != "official"  # a press-freedom group, not a legislature's
    assert source_type("Republican Senate hopeful Dana Price") == "commentator"  # a candidate


def test_past_or_no_office_is_a_commentator():
    """Decision 4 without the word "former": the office is behind them or never was theirs."""
    assert source_type("Kari Lund, who served as ambassador to Oslo until 2019") == "commentator"
    assert source_type("Dan Ruiz, who has never held public office") == "commentator"
    assert source_type("Tom Hale, who was immigration minister and left Parliament last year") == "commentator"
    assert source_type("the minister, who was appointed in 2020") == "official"
    assert source_type("Samuel Kiprono, who has led the federation since 2021") == "official"
    assert source_type("Governor Ann Lee, who was elected in 2022 and will serve until 2027") == "official"
    assert source_type("Mayor Tom Ruiz, who was in Brussels until Tuesday") == "official"
    assert source_type("Senator Bob Hale, who has never held a press conference") == "official"
    assert source_type("Senator Jane Roe, who plays a key role in the talks") == "official"


@pytest.mark.parametrize("text, source", [
    ("Johnson joked that he would need a bigger boat.", "Johnson"),
    ("Analyst Jane Doe points out that margins are thin.", "Analyst Jane Doe"),
    ("\u201cIt was never about the money,\u201d the coach quipped.", "the coach"),
    ("Mayor Bill Stone weighed in on Tuesday, saying the plan was absurd.", "Mayor Bill Stone"),
    ("The senator tweeted that the vote would be delayed.", "The senator"),
    ("Analysts are of the view that the rally is over.", "Analysts"),
    ("Critics have speculated that the deal was rushed.", "Critics"),
    ("\u201cThe test is coming,\u201d Anna Berg, a fellow at the Hale Institute, has written.", "Anna Berg"),
    # the subject, not what it did
    ("The ministry issued a statement saying the talks had failed.", "The ministry"),
    ("In a review of the plan, the Tarnow Water Board, which runs the dams, issued a statement warning that levels were rising.",
     "the Tarnow Water Board"),
    ("Prices will keep rising through the spring, say analysts.", "analysts"),
    ("An adviser to president Lomax said the vote was delayed.", "An adviser to president Lomax"),
    ("Smith won the vote, and officials said the count was fair.", "officials"),
    ("Finance Minister Jan Holt defended the plan, saying the budget was balanced.", "Finance Minister Jan Holt"),
    # tags after the quotation marks of real copy
    ("\u201cThe future is a long game,\" Jane Roe, Acme's head of policy, said in a statement.", "Jane Roe"),  # mixed quote marks
    ("\u201cIt was an attempt to hide the books,\u2019 \u2019 Tom Reed, a member of the board, told the Herald.", "Tom Reed"),
    ("\"The test is coming,\" Anna Berg, a senior fellow at the Hale Institute, has argued.", "Anna Berg"),
    ("\u201cSome of the rules were old,\u201d Kerr shrugged.", "Kerr"),  # any verb after a closing quotation
    ("Those rules are final in all cases,\u201d the statement continued.", "the statement"),  # not "Those" ruling
    ("\u201cWe never barred her,\u201d the statement read.", "the statement"),
    ("But the deal may take months to close, people familiar with the matter say.", "people familiar with the matter"),
    ("Emirates is close to a deal for more jets, executives of both companies told Reuters at the Dubai Airshow.",
     "executives of both companies"),
    ("Lawyer Gulshan Rakhmatullayeva, who heads a rehabilitation centre, welcomed the decree.", "Lawyer Gulshan Rakhmatullayeva"),
    ("The Kansas Association of Cities and Counties, which lobbied against the bill, praised the veto.",
     "The Kansas Association of Cities and Counties"),  # a stance; "and" inside a name parts nothing
    ("The miners' union called for the case to be heard in open court.", "The miners' union"),
    ("A study by economists at the University of Leeds published last year found no effect.", "economists at the University of Leeds"),
    ("Research by the Electoral Reform Trust, an independent think tank, found that turnout fell.", "the Electoral Reform Trust"),
    ("Four vials held endotoxins above safety limits, the study found.", "the study"),  # research speaks through its findings
    ("Her 2023 study found that comparable offices cleared cases twice as fast.", "Her"),
    ("Mwale's campaign put the figure at more than 100,000.", "Mwale's campaign"),  # an estimate
    ("Sarah Whitmore, an economist at the Southern Institute, put the cost closer to NZ$650 million.", "Sarah Whitmore"),
    ("The state government disputed that figure.", "The state government"),
    ("The group pointed to a 2021 study linking the chemical to contamination.", "The group"),
    ("\u201cWe had big plans,\u201d Mayer, Disney\u2019s chairman of direct-to-consumer and international, said Tuesday at the "
     "Vox Media\u2019s Code Media conference in California.", "Mayer"),  # "said Tuesday ...": when, not who
    ("Its claims director, Martin Hale, told the inquiry that about 1,900 claims remained open.", "Martin Hale"),  # "claims" a noun
    ("Dr. Nadia Haddad, an epidemiologist who led the study, said her team obtained records for 21,400 schools.", "Dr. Nadia Haddad"),
    ("Experts and brokerages are of the view that the market is in a bubble.", "Experts and brokerages"),
    ("In a one-on-one interview with the station, Webb confessed to the affair, admitting that he had lied.", "Webb"),
    ("Holt defended the plan, acknowledging it would cost more.", "Holt"),
    ("The league also fined the Pilots $50,000, saying two assistant coaches had left the bench.", "The league"),  # "$50,000" parts nothing
    ("The ministry called the report false and said it would sue.", "The ministry"),
    ("GENEVA, Nov. 21 (Meridian Wire) \u2014 A UN convoy was turned back at a checkpoint, the UN humanitarian office said.",
     "the UN humanitarian office"),  # a dateline with a date
    ("Lars Hedegaard, a portfolio manager at Nordbrook, said the size of the revision mattered less than its timing.", "Lars Hedegaard"),
    ("Defence Minister Liina Ots defended the prime minister on Tuesday, telling reporters that the accord changes nothing.",
     "Defence Minister Liina Ots"),
    ("\u201cWe are ready,\u201d said a man named Joe Bloggs.", "a man named Joe Bloggs"),
    ("Chief Financial Officer Lena Obradovic forecast fourth-quarter revenue of $8.8 billion.", "Chief Financial Officer Lena Obradovic"),
    ("Pharmacists' groups have long argued that such products should be tested more often.", "Pharmacists' groups"),
    ("The teachers' union has asked for the rollout to be paused.", "The teachers' union"),  # a request
    ("Fans welcomed the team home, police said.", "police"),  # a deed in the main clause leaves the tag its speaker
    ("Talks broke down and officials said a deal was unlikely.", "officials"),
    ("A study funded by the Hartwell Foundation found that sleep loss raised blood pressure.", "A study"),  # not the funder
    ("Government member Carl Dempsey asked Raman whether the alliance received foreign funding.", "Government member Carl Dempsey"),
    ("Lewis Ward, research director of gaming at IDC, sees the launch as its \u201cfirst real test.\u201d", "Lewis Ward"),  # a view
    ("Analysts view the merger as a defensive move.", "Analysts"),
    ("A ministry spokesperson dismissed those reports as \u201cgroundless speculation.\u201d", "A ministry spokesperson"),
    ("The commission chairman rejected such criticism as \u201cprepared in advance.\u201d", "The commission chairman"),
    ("JP Morgan had called the Reliance Jio tariff move a negative surprise.", "JP Morgan"),  # naming with "a"
    ("Aviation analysts called it the \u201cdeal of an era,\u201d as the two carriers had long been rivals.", "Aviation analysts"),
    ("Finance Minister Colin Farrow, campaigning on Monday, called the figure \u201cfantasy economics.\u201d", "Finance Minister Colin Farrow"),
    ("\u201cIt was a plan,\u201d Will Dean, a director of the group, told the BBC.", "Will Dean"),  # "Will" is a first name here
    ("\u201cThe bill will fail,\u201d said Sen. Rob Portman (R-Ohio), chairman of the subcommittee.", "Sen. Rob Portman"),
    ("\u201cThe bill will fail,\u201d Sen. Rob Portman (R-Ohio) said.", "Sen. Rob Portman"),  # a parenthesis after the name
    # wire copy
    ("Twelve villages had been evacuated, the broadcaster quoted a fire service spokesman as saying.", "a fire service spokesman"),
    ("The spokesman, Lt. Col. Stefan Ionescu, was quoted as saying that the fire had jumped a motorway.", "Lt. Col. Stefan Ionescu"),
    ("The Civil Protection agency was quoted by the state news agency as saying that 420 firefighters were deployed.",
     "The Civil Protection agency"),
    ("Dr. Simon Achterberg, a trade economist at the London think tank Global Commerce Forum, said talks had stalled.",
     "Dr. Simon Achterberg"),  # "think tank" is no verb
    ("Former minister Nigel Aske, who resisted a larger rise in office, now says the body is too cautious.", "Former minister Nigel Aske"),
    ("Analysts at Tagus Equity said the guidance cut was deeper than expected.", "Analysts at Tagus Equity"),
    ("The committee also heard from Nadia Farouk, director of trade policy at the Vehicle Exporters Society, who said the plan was rushed.",
     "Nadia Farouk"),
    # a tag's own subject, not the claim before it
    ("Japan executed two men on Thursday, the Justice Ministry said, the first executions in two years.", "the Justice Ministry"),
    ("Both men were hanged in Nagoya and Tokyo, it said.", "it"),
    ("Laboratory tests found diethylene glycol, an industrial solvent, in the syrup, the regulator said.", "the regulator"),
    ("A ministry official, speaking on condition of anonymity, said a pending request did not bar an execution.", "A ministry official"),
    ("The officials said the bank planned to ease limits, the agency added.", "The officials"),  # the tag relays
    ("\"It works,\" its director, Joanna Price, said.", "Joanna Price"),
    ("The deal was off, the source further claimed to the outlet.", "the source"),
    # a standing before the title, a role with a hyphen
    ("Retired Maj. Gen. Peeter Lind, who commanded the land forces until 2021, said the annex was useful.", "Retired Maj. Gen. Peeter Lind"),
    ("Ardmore's vice-president for research, Professor Gwen Tallis, said the rules had changed.", "Professor Gwen Tallis"),
    ("TOPEKA, Kan. \u2014 Gov. Adrienne Solberg on Friday vetoed a bill, saying it was flawed.", "Gov. Adrienne Solberg"),  # dateline
    ("Rep. Lorena Villasenor, D-Kansas City, the House minority leader, said the veto would hold.", "Rep. Lorena Villasenor"),
    ("Orbis's head of public affairs, Gemma Trask, told me that the company had asked for the legal basis.", "Gemma Trask"),
    ("TOPEKA, Kan. \u2014 Gov. Adrienne Solberg on Friday vetoed a bill that capped increases at 3 percent, saying it was flawed.",
     "Gov. Adrienne Solberg"),  # the dateline's comma parts nothing
    ("Moss, who has refereed for 14 seasons, was not injured, the league said.", "the league"),  # a predicate, not an appositive
    ("In a sit-down interview with the Post, Smith admitted to the affair, saying that he wanted to move on.", "Smith"),  # long lead-in
    ("Louise Tremblay, an economist at the Toronto think tank the Fraser Institute, said the testimony left the question open.",
     "Louise Tremblay"),  # not the reported clause after "said"
    ("The deal could be signed at a meeting in Windsor, Ontario, two of the officials told the Herald.", "two of the officials"),
    ("Marchetti's longtime bandleader, Curtis Bell, wrote on social media that the staff had learned of it late.", "Curtis Bell"),
    ("At Brussels-Central, commuter Nadia El Amrani said her trip had taken two hours.", "commuter Nadia El Amrani"),
    ("The Digital Advertisers Coalition, which represents 300 ad buyers, has argued in court filings that prices rose.",
     "The Digital Advertisers Coalition"),
    ("In a lawsuit filed in March, the Northern Press Association, a trade group, alleges that the chatbot copies articles.",
     "the Northern Press Association"),
])
def test_the_speaker_a_cue_names(text, source):
    cue = find_cue(text)
    assert cue is not None and cue.source.text == source


@pytest.mark.parametrize("text", [
    "Officials met with Kestrel and its contractors to get a cost estimate for the repairs.",  # a noun, not a verb
    "Trump tweeted a photo of the cake.",
    "The ministry sent a written statement to the court.",
    "The court affirmed the lower court's ruling.",
    "The jury weighed in on the verdict.",
    "Residents have complained for years about the smell.",
    "The city launched a program called \u201cSafe Streets\u201d in May.",  # naming verbs speak only of what the subject called it
    "Police were called to the scene at 3 a.m.",
    "Three unions called the strike to oppose a plan to raise the retirement age.",  # called = organised
    "The firm called a meeting for Monday.",
    "He saw the film as a child.",
    "He put the book on the table.",
    "Reporters asked the mayor about the budget.",
    "It was a telling sign of the mood.",
    "The forecast was for rain.",  # a question is a cue only with what it asked
    "Police found the car abandoned on Monday.",  # a finding speaks only for research
    # deeds that look like the stances, views, namings, findings and questions the patterns read (a review's probes)
    "The couple welcomed a baby girl in March.",
    "Hurricane Dora slammed the coast on Tuesday, flooding hundreds of homes.",
    "The guide pointed to the exit as smoke filled the hall.",
    "The recipe calls for a cup of sugar.",
    "The situation called for a quick response from the coast guard.",
    "The increase put the benchmark rate at 5.25 percent.",
    "Witnesses saw the plane as the engines failed over the lake.",
    "She first saw Paris as a tourist in 1998.",
    "The club dismissed its manager as the losses mounted.",
    "The mayor called the police a second time after the crowd refused to leave.",
    "The couple called their daughter \u201cHope\u201d after she survived surgery.",
    "Poll workers found 300 uncounted ballots in a storeroom.",
    "The report showed up on the agency's website a day late.",
    "The ballot measure asks voters whether to raise the sales tax.",
    "She asked for a glass of water before taking the stand.",
    "Exports fell 5 percent in May, suggesting weaker demand from Europe.",
    "The hospital stopped admitting patients on Friday.",
    "The company raised its full-year forecast.",
    "Independent researchers called the findings plausible but limited.",
])
def test_speech_verbs_that_also_name_deeds_need_a_reported_clause(text):
    assert find_cue(text) is None


@pytest.mark.parametrize("text, cited", [
    ("The agency said, citing a military spokesman, that two crew members were missing.", "a military spokesman"),
    ("The paper reported, citing figures from the Interior Ministry, that crime fell.", "the Interior Ministry"),
    ("The Sentinel reported, citing an internal budget document, that the campus could be sold.", "an internal budget document"),
    ("The board said it had cut its forecast, citing weaker copper exports.", None),  # a reason, not a source
])
def test_the_source_a_relay_cites(text, cited):
    cue = cited_source(text)
    assert (cue.source.text if cue else None) == cited


def test_a_capitalised_verb_form_inside_a_name_is_no_cue():
    """ "States", "Reports" and "Claims" are speech verbs' forms, but capitalised after the sentence's first word they
    are part of a name ("The United States maintains", "Consumer Reports found")."""
    cue = find_cue("The United States maintains that the tariffs are legal.")
    assert cue.source.text == "The United States" and cue.cue.text == "maintains that"
    assert find_cue("Breaking with decades of United States policy, the president imposed tariffs.") is None
    assert find_cue("Consumer Reports found the car unsafe.") is None
    assert find_cue("Reports say the deal is close.").source.text == "Reports"


def test_a_thing_described_by_a_participle_does_not_speak():
    assert find_cue("Coty bought a 51% stake in the brand, a deal announced at the end of the year.") is None
    assert find_cue("The measures proposed last week would cut emissions.") is None
    assert find_cue("The company announced on Monday that it would cut jobs.").source.text == "The company"
    assert find_cue("Sales rose 5 percent, the company reported on Tuesday.").source.text == "the company"


@pytest.mark.parametrize("text, speaker", [
    ('"I want to see them in court," Mutua\'s widow, Grace Mwende, said.', "Grace Mwende"),
    ('"He carries passengers," his brother, Peter Musyoka, said.', "Peter Musyoka"),
    ('"We had no backups," its former IT manager, Karl-Heinz Rademacher, said.', "Karl-Heinz Rademacher"),
    ('"No," Senator Ann Lee, R-Ohio, said.', "Senator Ann Lee"),  # a name, then its role: the name
])
def test_who_someone_is_then_their_name_in_a_tag(text, speaker):
    """ "his brother, Peter Musyoka, said": the name in commas is the speaker, the relation its role."""
    assert find_cue(text).source.text == speaker


def test_a_lead_in_before_a_pronoun_is_no_part_of_the_speaker():
    assert find_cue("Outside the courtroom he said he would advise his client to accept the verdict.").source.text == "he"
    assert find_cue("Later that day she told reporters the plan was dead.").source.text == "she"


def test_since_after_has_or_have_is_an_adverb_not_a_clause():
    assert find_cue("Big Machine have since denied these claims.").source.text == "Big Machine"
    assert find_cue("The company has flatly denied wrongdoing.").source.text == "The company"
    assert find_cue("Since the ruling, officials said little.").source.text == "officials"  # a clause opener still


@pytest.mark.parametrize("text, speaker", [
    ("Critics of the deal warned on Monday that it would raise prices.", "Critics of the deal"),  # the deal is inside the subject
    ("Opponents of the merger argued in court that it broke the law.", "Opponents of the merger"),
])
def test_a_thing_inside_the_subject_does_not_silence_it(text, speaker):
    assert find_cue(text).source.text == speaker


def test_took_to_social_media_speaks_only_to_say_something():
    assert find_cue("The mayor took to Twitter late Sunday to defend the curfew.").source.text == "The mayor"
    assert find_cue("Kim Lane took to Instagram to share a photo of her newborn daughter.") is None


@pytest.mark.parametrize("text, speaker", [
    ("Wild coach Bruce Boudreau sat in his office, saying he had a plan.", "Wild coach Bruce Boudreau"),
    ("Apple chief executive Tim Cook defended the plan, saying it was sound.", "Apple chief executive Tim Cook"),
])
def test_a_body_and_a_role_before_the_name_that_opens_the_sentence(text, speaker):
    """ "Wild coach Bruce Boudreau ..., saying": the whole name, not the team's ("Wild") alone."""
    assert find_cue(text).source.text == speaker


@pytest.mark.parametrize("text, speaker", [
    ("A trader who survived told reporters that the gunmen had gone from stall to stall.", "A trader"),
    ("Residents who fled said the water rose within minutes.", "Residents"),
    ("Those who stayed said the storm was frightening.", "Those"),
])
def test_a_one_verb_relative_clause_before_the_speech_verb_describes_the_speaker(text, speaker):
    assert find_cue(text).source.text == speaker


def test_a_relative_clause_that_speaks_is_no_speakers_description():
    assert find_cue("People who said they were there disagreed.") is None


@pytest.mark.parametrize("text, speaker, context", [
    ("The National Union of Railworkers (NUR) said most members had backed the strike.", "The National Union of Railworkers", None),
    ("He was detained in February, according to his sister, Leila Sadeqi.", "Leila Sadeqi", "his sister, Leila Sadeqi"),
    ("He was detained in February, according to police spokesman John Doe.", "police spokesman John Doe", None),
])
def test_acronyms_and_closing_names_do_not_hide_the_speaker(text, speaker, context):
    cue = find_cue(text)
    assert cue.source.text == speaker and (context is None or cue.context == context)
