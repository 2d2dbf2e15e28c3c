"""Build: records to a checked RDF dataset (evidence, identity, counts, SHACL).

Examples
--------
>>> from graph.sources.records import read_records
>>> from graph.build import build
>>> result = build(read_records(), validate=False)
>>> result.counts()["triples"] > 1000
True
"""

from graph._lazy import lazy_exports

__all__ = ["BuildResult", "build_dataset", "build", "build_records", "date_literal",
           "decimal_literal", "ORG_CLASSES", "Passage", "text_sha256", "SourceTexts",
           "check_evidence", "KnownInspection", "InspectionIndex", "dates_compatible",
           "SUMMARY_CLASSES", "dataset_counts", "summary_line", "check_shapes"]

__getattr__, __dir__ = lazy_exports(__name__, {
    "BuildResult": "dataset",
    "build_dataset": "dataset",
    "build": "dataset",
    "build_records": "dataset",
    "date_literal": "dataset",
    "decimal_literal": "dataset",
    "ORG_CLASSES": "dataset",
    "Passage": "evidence",
    "text_sha256": "evidence",
    "SourceTexts": "evidence",
    "check_evidence": "evidence",
    "KnownInspection": "identity",
    "InspectionIndex": "identity",
    "dates_compatible": "identity",
    "SUMMARY_CLASSES": "summary",
    "dataset_counts": "summary",
    "summary_line": "summary",
    "check_shapes": "shapes",
})
