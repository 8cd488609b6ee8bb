"""Write the scripted meetings of the diarization development corpus (scripts/*.yaml).

Deterministic (seeded): run once, the YAMLs are committed and `build.py` renders them with
../shared/tools/synth_meeting.py. Each is a two-person meeting where the host does most of the
talking: listener share 3-15 %, replies 0.4-3 s (back-channels to short answers), varied espeak
voices, speeds and pitches, a few pairs deliberately alike (same voice, pitch 6-10 apart).

Four sets, each with its own seed and ids: "dd" (sessions 6-8's tune and heldout halves, 16
meetings, seed 18), "df" (session 9's fresh half, 8 meetings, seed 918, two of them 5 and 9 minutes,
one alike pair per language), "dg" (session 10's unseen half, 8 meetings, seed 1018, one alike
pair per language, listener shares spread over 3-15 %: see SPREAD) and "dh" (session 11's novel
half, dg's recipe with seed 1119, its own long meetings and alike pairs). Adding a set leaves every
YAML of the others byte for byte as it was.

usage: python benchmarks/diar_dev/make_scripts.py [dd|df|dg|dh]     (no argument: all)
"""
from __future__ import annotations

import random
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

HOST = {
    "en": [
        "Thanks for making the time today.", "I wanted to walk you through the plan for the next quarter.",
        "The short version is that we are consolidating the two platforms into one.",
        "That means the reporting team will move under operations from January.",
        "I know this has been discussed for a while, but now it is decided.",
        "The budget is roughly the same as last year, with a small increase for tooling.",
        "We looked at three vendors and the second one came out ahead on price and support.",
        "Their onboarding takes about six weeks, which fits our timeline if we start in February.",
        "I also want to talk about hiring, because we have two open positions.",
        "One is a senior engineer and the other is a product analyst.",
        "Ideally both are in place before the summer, so the new team is complete.",
        "Let me share a few numbers from the last review.",
        "Customer churn went down by two points, which is the best result in three years.",
        "Support tickets are still too high in the first month after a customer signs.",
        "My guess is that the setup guide is confusing, and we should rewrite it.",
        "There is also the question of the office move, which is now planned for April.",
        "Most people will keep their current desks, but the meeting rooms will be rebooked.",
        "I will send the floor plan to everyone later this week.",
        "From my side the most important thing is that we keep the release dates.",
        "Last year we slipped twice, and it cost us a large customer.",
        "So I would rather cut scope than move a date again.",
        "Our product helps sales teams see which deals are at risk before it is too late.",
        "It connects to your calendar and your email, and it flags accounts that have gone quiet.",
        "Most of our customers see results within the first month.",
        "Pricing is per seat, and there is a discount for annual contracts.",
        "We can start with a pilot for one team and expand from there.",
    ],
    "sv": [
        "Tack för att du tog dig tid i dag.", "Jag tänkte gå igenom planen för nästa kvartal.",
        "Kort sagt slår vi ihop de två plattformarna till en.",
        "Det betyder att rapportgruppen flyttar till drift från januari.",
        "Jag vet att det har diskuterats länge, men nu är det bestämt.",
        "Budgeten är ungefär densamma som i fjol, med en liten ökning för verktyg.",
        "Vi har tittat på tre leverantörer och den andra var bäst på både pris och support.",
        "Deras införande tar ungefär sex veckor, vilket passar om vi börjar i februari.",
        "Jag vill också prata om rekryteringen, eftersom vi har två tjänster ute.",
        "Den ena är en senior utvecklare och den andra en produktanalytiker.",
        "Helst ska båda vara på plats före sommaren, så att gruppen är komplett.",
        "Låt mig visa några siffror från den senaste genomgången.",
        "Kundbortfallet minskade med två procentenheter, det bästa resultatet på tre år.",
        "Supportärendena är fortfarande för många den första månaden efter att en kund skrivit på.",
        "Min gissning är att installationsguiden är förvirrande och att vi borde skriva om den.",
        "Sedan har vi flytten av kontoret, som nu är planerad till april.",
        "De flesta behåller sina platser, men mötesrummen bokas om.",
        "Jag skickar planritningen till alla senare i veckan.",
        "För min del är det viktigaste att vi håller leveransdatumen.",
        "I fjol halkade vi efter två gånger, och det kostade oss en stor kund.",
        "Så hellre skär vi ner omfattningen än flyttar ett datum igen.",
        "Vår tjänst hjälper säljteam att se vilka affärer som är i fara innan det är för sent.",
        "Den kopplas till kalendern och mejlen och flaggar kunder som har tystnat.",
        "De flesta av våra kunder ser resultat redan första månaden.",
        "Priset är per användare, och det finns rabatt på årsavtal.",
        "Vi kan börja med ett pilotprojekt för ett team och bygga ut därifrån.",
    ],
}
QUESTIONS = {
    "en": ["Does that make sense?", "Are you with me so far?", "Have you seen the draft?",
           "What do you think about that?", "Any questions so far?", "Is that okay with you?"],
    "sv": ["Hänger du med?", "Låter det rimligt?", "Har du sett utkastet?", "Vad tycker du om det?",
           "Några frågor hittills?", "Är det okej för dig?"],
}
# replies by length: back-channels (~0.4 s), short answers (~1 s), longer answers (2-3 s)
REPLIES = {
    "en": [["Mm.", "Yes.", "Okay.", "Right.", "Sure."],
           ["I think so.", "Yes, that works.", "Makes sense to me.", "Not yet, no."],
           ["Yes, I talked to the team about it last week.", "I am a bit worried about the timeline, to be honest.",
            "That sounds good, as long as the budget holds."]],
    "sv": [["Mm.", "Ja.", "Okej.", "Precis.", "Visst."],
           ["Jag tror det.", "Ja, det funkar.", "Det låter rimligt.", "Inte än, nej."],
           ["Ja, jag pratade med gruppen om det förra veckan.", "Jag är lite orolig för tidsplanen, ärligt talat.",
            "Det låter bra, så länge budgeten håller."]],
}
VOICES = {
    "en": ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-gb-x-gbclan"],
    "sv": ["sv"],
}
VARIANTS = ["m1", "m2", "m3", "m4", "m5", "m7", "f1", "f2", "f3", "f4"]


# set → (seed, meetings, {index: minutes} of the long ones, indices of the pairs alike)
SETS = {"dd": (18, 16, {3: 6.0, 12: 8.0}, {1, 5, 9, 13}),
        "df": (918, 8, {2: 9.0, 5: 5.0}, {1, 6}),
        "dg": (1018, 8, {2: 6.0, 7: 9.0}, {4, 5}),
        "dh": (1119, 8, {3: 7.0, 4: 9.0}, {2, 7})}

# Sets whose listener shares are spread on purpose, with the other lengths they draw from. "dd" and "df"
# drew each target from 3-15 % but rendered only 3.4-12.7 % (df 3.9-7.6 %): a reply came only after a
# question or 3 in 10 host lines, mostly a back-channel, so a high target could not be reached. Here
# the targets are one per band of 1.5 points (shuffled), a reply may follow any host line while the
# listener is under target, and the longer answers (2-3 s) get likelier as the target grows.
SPREAD = {"dg": [2.5, 3.0, 3.5, 4.0], "dh": [2.5, 3.0, 3.5, 4.0]}


def meeting(i: int, lang: str, rng: random.Random, prefix: str = "dd", share: float | None = None) -> dict:
    _, _, long, alike = SETS[prefix]
    spread = prefix in SPREAD
    minutes = rng.choice(SPREAD.get(prefix, [2.0, 2.5, 3.0, 3.5])) if i not in long else long[i]
    share = rng.uniform(0.03, 0.15) if share is None else share
    similar = i in alike
    base = rng.choice(VOICES[lang])
    va, vb = rng.sample(VARIANTS, 2)
    pa = rng.randint(30, 70)
    a = {"voice": f"{base}+{va}", "speed": rng.randint(150, 185), "pitch": pa}
    if similar:  # the same voice, a little higher and faster
        b = {"voice": f"{base}+{va}", "speed": a["speed"] + rng.randint(-10, 10), "pitch": pa + rng.choice([-10, -8, 6, 8])}
    else:
        b = {"voice": f"{rng.choice(VOICES[lang])}+{vb}", "speed": rng.randint(140, 190), "pitch": rng.randint(25, 80)}
    lines, host_s, guest_s = [], 0.0, 0.0
    while host_s + guest_s < minutes * 60:
        text = " ".join(rng.sample(HOST[lang], rng.randint(1, 4)))
        question = rng.random() < 0.6
        if question:
            text += " " + rng.choice(QUESTIONS[lang])
        lines.append({"s": "A", "t": text})
        host_s += len(text.split()) / (a["speed"] / 60) + 0.5
        # reply when it keeps the listener near the meeting's share (and always after a question, if under)
        if guest_s / max(host_s + guest_s, 1) < share and (question or rng.random() < (0.6 if spread else 0.3)):
            kind = rng.choices([0, 1, 2], weights=[3, 4, 2 + (60 * (share - 0.03) if spread else 0)])[0]
            reply = rng.choice(REPLIES[lang][kind])
            lines.append({"s": "B", "t": reply})
            guest_s += len(reply.split()) / (b["speed"] / 60) + 0.3
    return {"id": f"{prefix}-{lang}-{i:02d}", "language": lang, "kind": "one_on_one", "host": "A",
            "voices": {"A": a, "B": b}, "expect": {"concrete_next_steps": False},
            "note": f"target listener share {share:.2f}, {minutes} min{', similar voices' if similar else ''}",
            "lines": lines}


def scripts(prefix: str) -> list[dict]:
    """The set's meetings, even indices English, odd Swedish."""
    seed, count, _, _ = SETS[prefix]
    rng = random.Random(seed)
    if prefix not in SPREAD:
        return [meeting(i, "en" if i % 2 == 0 else "sv", rng, prefix) for i in range(count)]
    shares = spread_targets(count, rng)
    return [meeting(i, "en" if i % 2 == 0 else "sv", rng, prefix, shares[i]) for i in range(count)]


def spread_targets(count: int, rng: random.Random) -> list[float]:
    """A SPREAD set's listener-share targets, meeting by meeting: one per band of 12/count points of 3-15 %."""
    bands = rng.sample(range(count), count)
    return [0.03 + 0.12 * (b + rng.random()) / count for b in bands]


def dump(script: dict) -> str:
    return yaml.safe_dump(script, allow_unicode=True, sort_keys=False, width=120)


def main() -> None:
    import sys

    out = HERE / "scripts"
    out.mkdir(exist_ok=True)
    for prefix in sys.argv[1:] or list(SETS):
        for script in scripts(prefix):
            (out / f"{script['id']}.yaml").write_text(dump(script))
            print(script["id"], script["note"], script["voices"])


if __name__ == "__main__":
    main()
