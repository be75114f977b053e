"""Reference knowledge loaded from versioned data files: lexicons, countries, the actor base.

A layer between the model and the stages: stages may import it, it imports only the model,
errors and third-party data packages. Everything is loaded lazily and cached per process.
"""

from .actors import ActorKB, ActorMatch, load_actor_kb
from .countries import Country, CountryTable, load_countries
from .lexicons import load_data

__all__ = ["ActorKB", "ActorMatch", "Country", "CountryTable", "load_actor_kb", "load_countries",
           "load_data"]
