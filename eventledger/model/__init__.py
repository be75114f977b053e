"""The data model: one typed Document that flows one way through the stages.

Standard library only: nothing here imports another part of the package (the layer rule,
checked by tests/test_layers.py).
"""

from .document import Document, Embed, Failure, FrozenTextError, Removed
from .ids import content_id, document_id
from .records import (
    ActorRef,
    Casualties,
    DateValue,
    EntityValue,
    Event,
    EventMention,
    Location,
    Mention,
    Place,
    QuantityValue,
    Source,
    Speaker,
    Statement,
    TimeValue,
)
from .span import Span

__all__ = [
    "ActorRef",
    "Casualties",
    "DateValue",
    "Document",
    "Embed",
    "EntityValue",
    "Event",
    "EventMention",
    "Failure",
    "FrozenTextError",
    "Location",
    "Mention",
    "Place",
    "QuantityValue",
    "Removed",
    "Source",
    "Span",
    "Speaker",
    "Statement",
    "TimeValue",
    "content_id",
    "document_id",
]
