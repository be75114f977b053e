"""Cross-source incident resolution: which event records, across documents, report one incident.

- :mod:`.model`: the merge model (weights, thresholds, vetoes) from ``data/merge_model.json``;
- :mod:`.features`: how two events agree on type, date, place, figures, actors and wording
  (:mod:`.text`: folded names, content words);
- :mod:`.blocking`: candidate pairs by (country, family, division) and date window, never all pairs;
- :mod:`.cluster`: deterministic, cautious agglomeration and stable incident ids;
- :mod:`.build`: incident records with each source's claim side by side;
- :mod:`.merge`: the whole decision as pure functions over contract records;
- :mod:`.store`: the incremental path against a store (new documents join existing incidents).
"""

from .merge import MergeResult, kb_relations, merge_events, merge_records
from .model import MergeModel, bundled_model, load_model

__all__ = ["MergeModel", "MergeResult", "bundled_model", "kb_relations", "load_model", "merge_events",
           "merge_records"]
