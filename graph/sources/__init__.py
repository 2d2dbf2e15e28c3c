"""Sources: what goes in, read and turned into RDF.

The curated YAML records (:mod:`~graph.sources.records`), the official files
(:mod:`~graph.sources.outcomes`, :mod:`~graph.sources.workforce`, read through
:mod:`~graph.sources.tables`), council names, and Ofsted's reports
(:mod:`graph.sources.reports`). A new kind of source is one module here and one
line in :data:`graph.sources.national.IMPORTERS`.

Examples
--------
>>> from graph.sources import read_records
>>> len(read_records()) >= 1
True
"""

from graph._lazy import lazy_exports

__all__ = ["BUNDLED_RECORDS", "FORMAT_VERSION", "SECTIONS", "Field", "Item", "Record",
           "read_record", "read_records", "check_references", "ImportReport",
           "Progress", "file_sha256", "import_time", "Provenance",
           "other_graph_values", "labelled_elsewhere", "replace",
           "check_single_valued", "Triples", "import_outcomes", "read_outcomes",
           "OutcomesFile", "OutcomeInspection", "GRAPH_ID", "SHEET_NAMES",
           "parse_grade", "parse_type", "import_workforce", "import_neighbours",
           "MEASURES", "WORKFORCE_GRAPH_ID", "NEIGHBOURS_GRAPH_ID", "import_file",
           "import_national", "IMPORTERS", "Council", "CouncilNames", "name_key",
           "LOOKUP_FILE", "Cell", "Column", "Row", "Sheet", "normalise", "read_ods",
           "read_csv_rows", "read_table_rows", "parse_day", "SUPPRESSED",
           "read_report", "ReportFacts", "import_reports"]

__getattr__, __dir__ = lazy_exports(__name__, {
    "BUNDLED_RECORDS": "records",
    "FORMAT_VERSION": "records",
    "SECTIONS": "records",
    "Field": "records",
    "Item": "records",
    "Record": "records",
    "read_record": "records",
    "read_records": "records",
    "check_references": "records",
    "ImportReport": "imports",
    "Progress": "imports",
    "file_sha256": "imports",
    "import_time": "imports",
    "Provenance": "imports",
    "other_graph_values": "imports",
    "labelled_elsewhere": "imports",
    "replace": "imports",
    "check_single_valued": "imports",
    "Triples": "imports",
    "import_outcomes": "outcomes",
    "read_outcomes": "outcomes",
    "OutcomesFile": "outcomes",
    "OutcomeInspection": "outcomes",
    "GRAPH_ID": "outcomes",
    "SHEET_NAMES": "outcomes",
    "parse_grade": "outcomes",
    "parse_type": "outcomes",
    "import_workforce": "workforce",
    "import_neighbours": "workforce",
    "MEASURES": "workforce",
    "WORKFORCE_GRAPH_ID": "workforce",
    "NEIGHBOURS_GRAPH_ID": "workforce",
    "import_file": "national",
    "import_national": "national",
    "IMPORTERS": "national",
    "Council": "council_names",
    "CouncilNames": "council_names",
    "name_key": "council_names",
    "LOOKUP_FILE": "council_names",
    "Cell": "tables",
    "Column": "tables",
    "Row": "tables",
    "Sheet": "tables",
    "normalise": "tables",
    "read_ods": "tables",
    "read_csv_rows": "tables",
    "read_table_rows": "tables",
    "parse_day": "tables",
    "SUPPRESSED": "tables",
    "read_report": "graph.sources.reports.reading",
    "ReportFacts": "graph.sources.reports.reading",
    "import_reports": "graph.sources.reports.rdf",
})
