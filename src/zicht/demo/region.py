"""The demo region: the real municipalities served by Veilig Thuis Noord-Holland Noord.

CBS municipality codes as of 2023 (Heerhugowaard and Langedijk merged into Dijk en Waard, 2022).
"""

MUNICIPALITIES: list[tuple[str, str]] = [
    ("Alkmaar", "GM0361"),
    ("Bergen (NH.)", "GM0373"),
    ("Castricum", "GM0383"),
    ("Den Helder", "GM0400"),
    ("Dijk en Waard", "GM1980"),
    ("Drechterland", "GM0498"),
    ("Enkhuizen", "GM0388"),
    ("Heiloo", "GM0399"),
    ("Hollands Kroon", "GM1911"),
    ("Hoorn", "GM0405"),
    ("Koggenland", "GM1598"),
    ("Medemblik", "GM0420"),
    ("Opmeer", "GM0432"),
    ("Schagen", "GM0441"),
    ("Stede Broec", "GM0532"),
    ("Texel", "GM0448"),
    ("Uitgeest", "GM0450"),
]

# Neighbouring municipalities outside the region: a household that lives there can still be
# reported here (it is named "… (buiten de regio)"); no partners of this region work there.
OUTSIDE_REGION: list[tuple[str, str]] = [
    ("Amsterdam", "GM0363"),
    ("Utrecht", "GM0344"),
    ("Zaanstad", "GM0479"),
]
