"""Ofsted's inspection reports: PDF text, reading, classifying, and their RDF.

Examples
--------
>>> from graph.sources.reports import read_report
>>> callable(read_report)
True
"""

from graph._lazy import lazy_exports

__all__ = ["DEFAULT_EXTRACTOR", "EXTRACTORS", "extract_pages", "file_sha256", "check_pdf_header",
           "extractor_version", "MIN_TEXT_CHARS", "Span", "ReportJudgement",
           "ReportItem", "ReportFacts", "read_report", "read_pages",
           "parse_date_range", "import_reports", "GRADES", "ILACS_AREAS", "SIF_AREAS",
           "THEME_CUES", "classify", "classify_items", "ImportedReport", "BatchReport",
           "report_triples", "source_id_of", "expand_paths"]

__getattr__, __dir__ = lazy_exports(__name__, {
    "DEFAULT_EXTRACTOR": "pdftext",
    "EXTRACTORS": "pdftext",
    "extract_pages": "pdftext",
    "file_sha256": "pdftext",
    "check_pdf_header": "pdftext",
    "extractor_version": "pdftext",
    "MIN_TEXT_CHARS": "pdftext",
    "Span": "reading",
    "ReportJudgement": "reading",
    "ReportItem": "reading",
    "ReportFacts": "reading",
    "read_report": "reading",
    "read_pages": "reading",
    "parse_date_range": "reading",
    "import_reports": "rdf",
    "GRADES": "reading",
    "ILACS_AREAS": "reading",
    "SIF_AREAS": "reading",
    "THEME_CUES": "classify",
    "classify": "classify",
    "classify_items": "classify",
    "ImportedReport": "rdf",
    "BatchReport": "rdf",
    "report_triples": "rdf",
    "source_id_of": "rdf",
    "expand_paths": "rdf",
})
