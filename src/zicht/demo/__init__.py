"""Synthetic demo data (Faker nl_NL, never real persons) and `seed_demo --scale` for benchmarks.

The only app that imports every other one: it builds its data through their services, so the
demo shows what the services make. No other app imports this one.
"""
