"""The decision framework of the meldcode (*afwegingskader*) as data and one pure function.

DOMAIN §4.8: five steps; in step 4 (weigh) question 1 (is there a suspicion of (threat of)
domestic violence or child abuse?) and question 2 (is there acute and/or structural unsafety?);
in step 5 (decide) decision 1 (is reporting necessary?) and decision 2 (is providing or organising
help (also) possible?) with considerations a, b and c.

- R-MC-1: reporting is necessary with acute unsafety, structural unsafety, unsafety where the
  persons do not want help, or new signals of unsafety — also when the professional helps.
- R-MC-2: decision 2 is always considered, also when reporting is not necessary.
- R-MC-3: signals about other household members than the professional's own client count too.

Nothing here stores or logs anything: `decide` takes the answers and returns the outcome.
"""

from dataclasses import dataclass, field
from enum import StrEnum

VT_PHONE = "0800-2000"


class Consideration(StrEnum):
    """An answer to considerations a, b and c of decision 2."""

    YES = "ja"
    NO = "nee"
    UNKNOWN = "weet-niet"


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    text: str


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "Breng de signalen in kaart",
        "Leg de signalen vast die een vermoeden van huiselijk geweld of kindermishandeling "
        "bevestigen of ontkrachten, ook signalen over andere gezinsleden dan uw eigen cliënt.",
    ),
    Step(
        2,
        "Overleg met een collega en raadpleeg zo nodig Veilig Thuis",
        "Bespreek de signalen met een collega, bijvoorbeeld de aandachtsfunctionaris. "
        f"Veilig Thuis geeft advies, ook anoniem over de cliënt: bel {VT_PHONE}.",
    ),
    Step(
        3,
        "Ga in gesprek met de cliënt",
        "Bespreek de signalen met de cliënt of de betrokkenen, tenzij dat de veiligheid van "
        "iemand in gevaar brengt.",
    ),
    Step(
        4,
        "Weeg het geweld of de kindermishandeling",
        "Vraag 1: heeft u op basis van de stappen 1 tot en met 3 een vermoeden van (dreiging "
        "van) huiselijk geweld en/of kindermishandeling? Zo nee: sluit af en leg vast in het "
        "dossier. Zo ja, vraag 2: schat u in dat er sprake is van acute en/of structurele "
        "onveiligheid?",
    ),
    Step(
        5,
        "Beslis: is melden noodzakelijk? Is hulp bieden of organiseren (ook) mogelijk?",
        "Besluit 1: melden is noodzakelijk bij (nieuwe) acute en/of structurele onveiligheid, "
        "ook als u zelf hulp biedt. Besluit 2: ook wanneer melden niet noodzakelijk is, gaat u "
        "na of u hulp kunt bieden of organiseren (afwegingen a, b en c).",
    ),
)


@dataclass(frozen=True)
class Question:
    """One question of the aid: its key (the GET parameter), its label and its place."""

    key: str
    label: str
    text: str
    hint: str = ""
    considerations: bool = False  # answered with ja / nee / weet ik niet (decision 2)


SUSPICION = Question(
    "vermoeden",
    "Vraag 1",
    "Heeft u op basis van de stappen 1 tot en met 3 van de meldcode een vermoeden van "
    "(dreiging van) huiselijk geweld en/of kindermishandeling?",
)
ACUTE = Question(
    "acuut",
    "Vraag 2a",
    "Is er sprake van acute onveiligheid?",
    "Iemand loopt nu of binnenkort gevaar, bijvoorbeeld voor lijf en leden.",
)
STRUCTURAL = Question(
    "structureel",
    "Vraag 2b",
    "Is er sprake van structurele onveiligheid?",
    "De onveiligheid houdt al langer aan of komt steeds terug.",
)
NO_HELP_WANTED = Question(
    "geen_hulp",
    "Vraag 2c",
    "Is er onveiligheid waarbij de betrokkenen geen hulp willen, of blijft de onveiligheid "
    "bestaan?",
)
NEW_SIGNALS = Question(
    "nieuwe_signalen",
    "Vraag 2d",
    "Zijn er nieuwe signalen van onveiligheid, bijvoorbeeld terwijl er al hulp is?",
)
OTHER_MEMBERS = Question(
    "andere_gezinsleden",
    "Vraag 2e",
    "Gaan de signalen (ook) over andere gezinsleden dan uw eigen cliënt?",
    "Bijvoorbeeld de kinderen of de partner van een volwassen cliënt.",
)
CAN_HELP = Question(
    "hulp_mogelijk",
    "Afweging a",
    "Bent u in staat passende hulp te bieden of te organiseren?",
    considerations=True,
)
COOPERATION = Question(
    "medewerking",
    "Afweging b",
    "Werken de betrokkenen mee aan de hulp?",
    considerations=True,
)
LASTING_SAFETY = Question(
    "duurzaam_veilig",
    "Afweging c",
    "Leidt deze hulp tot duurzame veiligheid?",
    considerations=True,
)

# Step 4, then the considerations of decision 2 in step 5, in the order the form shows them.
WEIGH_QUESTIONS: tuple[Question, ...] = (
    SUSPICION,
    ACUTE,
    STRUCTURAL,
    NO_HELP_WANTED,
    NEW_SIGNALS,
    OTHER_MEMBERS,
)
HELP_QUESTIONS: tuple[Question, ...] = (CAN_HELP, COOPERATION, LASTING_SAFETY)
QUESTIONS: tuple[Question, ...] = WEIGH_QUESTIONS + HELP_QUESTIONS


@dataclass(frozen=True)
class Answers:
    """The professional's answers; the fields after `suspicion` only matter when it is True."""

    suspicion: bool
    acute: bool = False
    structural: bool = False
    no_help_wanted: bool = False
    new_signals: bool = False
    other_members: bool = False
    can_help: Consideration = Consideration.UNKNOWN
    cooperation: Consideration = Consideration.UNKNOWN
    lasting_safety: Consideration = Consideration.UNKNOWN


@dataclass
class Outcome:
    suspicion: bool
    report_necessary: bool
    help_possible: bool | None  # None: not (yet) answerable, or no suspicion at all
    reasons: list[str] = field(default_factory=list)
    advice: str = ""

    @property
    def title(self) -> str:
        if not self.suspicion:
            return "Geen vermoeden: afsluiten en vastleggen"
        if self.report_necessary:
            return "Melden is noodzakelijk"
        return "Melden is niet noodzakelijk"


REASON_ALSO_WHEN_HELPING = "Melden is noodzakelijk, ook als u zelf hulp biedt of organiseert."
REASON_OTHER_MEMBERS = (
    "Signalen over andere gezinsleden dan uw eigen cliënt tellen ook mee: weeg hun veiligheid "
    "op dezelfde manier mee."
)


def decide(answers: Answers) -> Outcome:
    """Step 4 and 5 of the meldcode for the given answers (R-MC-1, R-MC-2, R-MC-3)."""
    if not answers.suspicion:
        return Outcome(
            suspicion=False,
            report_necessary=False,
            help_possible=None,
            reasons=[
                "U heeft geen vermoeden van (dreiging van) huiselijk geweld of "
                "kindermishandeling (vraag 1).",
            ],
            advice=(
                "Sluit de meldcode af en leg uw afweging vast in het dossier. Twijfelt u, of "
                f"komen er nieuwe signalen? Vraag Veilig Thuis om advies: {VT_PHONE}."
            ),
        )

    reasons: list[str] = []
    # Decision 1 (R-MC-1).
    grounds = []
    if answers.acute:
        grounds.append("Er is sprake van acute onveiligheid.")
    if answers.structural:
        grounds.append("Er is sprake van structurele onveiligheid.")
    if answers.no_help_wanted:
        grounds.append("Er is onveiligheid waarbij de betrokkenen geen hulp willen of die blijft.")
    if answers.cooperation is Consideration.NO:
        grounds.append("De betrokkenen werken niet mee aan de hulp (afweging b).")
    if answers.lasting_safety is Consideration.NO:
        grounds.append(
            "De hulp leidt niet tot duurzame veiligheid; de onveiligheid blijft (afweging c)."
        )
    if answers.new_signals:
        grounds.append("Er zijn nieuwe signalen van onveiligheid.")
    report_necessary = bool(grounds)
    reasons.extend(grounds)

    # Decision 2 is always considered (R-MC-2).
    considerations = (answers.can_help, answers.cooperation, answers.lasting_safety)
    help_possible: bool | None
    if Consideration.NO in considerations:
        help_possible = False
    elif all(answer is Consideration.YES for answer in considerations):
        help_possible = True
    else:
        help_possible = None

    if report_necessary:
        if help_possible is not False:
            reasons.append(REASON_ALSO_WHEN_HELPING)
    else:
        reasons.append(
            "Er is geen acute of structurele onveiligheid, geen onveiligheid waarbij de "
            "betrokkenen geen hulp willen en er zijn geen nieuwe signalen."
        )

    if help_possible is True:
        reasons.append(
            "Hulp bieden of organiseren is (ook) mogelijk: u kunt passende hulp bieden of "
            "organiseren, de betrokkenen werken mee en de hulp leidt tot duurzame veiligheid."
        )
    elif help_possible is False:
        if answers.can_help is Consideration.NO:
            reasons.append("U kunt zelf geen passende hulp bieden of organiseren (afweging a).")
        reasons.append("Hulp bieden of organiseren is niet (voldoende) mogelijk (besluit 2).")
    else:
        reasons.append(
            "Of hulp bieden of organiseren (ook) mogelijk is, weet u nog niet (besluit 2): "
            "beantwoord afwegingen a, b en c samen met een collega of Veilig Thuis."
        )

    if answers.other_members:
        reasons.append(REASON_OTHER_MEMBERS)

    if report_necessary:
        advice = (
            f"Meld bij Veilig Thuis: {VT_PHONE}, dag en nacht bereikbaar. Bespreek bij de melding "
            "wat u zelf blijft doen aan hulp, en leg de melding vast in het dossier."
        )
    elif help_possible is True:
        advice = (
            "Bied of organiseer de hulp en houd zicht op de veiligheid. Komen er nieuwe signalen "
            f"of blijft de onveiligheid, meld dan alsnog bij Veilig Thuis ({VT_PHONE}). Leg uw "
            "afweging vast in het dossier."
        )
    elif help_possible is False:
        advice = (
            "U kunt zelf geen passende hulp bieden of organiseren. Vraag Veilig Thuis om advies "
            f"over wie de hulp kan bieden ({VT_PHONE}), en leg uw afweging vast in het dossier."
        )
    else:
        advice = (
            "Ga na of u passende hulp kunt bieden of organiseren. Twijfelt u? Vraag Veilig Thuis "
            f"om advies ({VT_PHONE}). Leg uw afweging vast in het dossier."
        )
    return Outcome(
        suspicion=True,
        report_necessary=report_necessary,
        help_possible=help_possible,
        reasons=reasons,
        advice=advice,
    )
