"""The resolve stage: time values, places, in-document event coreference, statement links."""

from .document import Resolver

__all__ = ["Resolver"]
