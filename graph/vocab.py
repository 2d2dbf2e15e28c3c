"""Namespaces and IRI minting for inspection-graph.

Every IRI the project writes is minted here from a natural key, so two builds
of the same input give byte-identical output.

Examples
--------
>>> str(council_iri("E10000032"))
'https://w3id.org/inspection-graph/id/council/E10000032'
>>> slug("John Readman")
'john-readman'
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace, URIRef

__all__ = [
    "BASE", "IG", "ID", "SCHEME", "GRAPH", "ORG", "PROV", "SCHEMA", "OA", "TIME", "QB",
    "SKOS", "DCT", "FOAF", "SH", "PREFIXES", "slug", "iri", "council_iri", "scheme_iri",
    "graph_iri", "ONTOLOGY_GRAPH", "bind_prefixes",
]

BASE = "https://w3id.org/inspection-graph/"
IG = Namespace(BASE + "def#")
ID = Namespace(BASE + "id/")
SCHEME = Namespace(BASE + "scheme/")
GRAPH = Namespace(BASE + "graph/")

ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")
QB = Namespace("http://purl.org/linked-data/cube#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, str] = {
    "ig": str(IG),
    "igid": str(ID),
    "igs": str(SCHEME),
    "org": str(ORG),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "time": str(TIME),
    "qb": str(QB),
    "skos": str(SKOS),
    "dct": str(DCT),
    "foaf": str(FOAF),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

ONTOLOGY_GRAPH = GRAPH["ontology"]

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case ASCII slug of ``text`` ("St Helens" -> "st-helens")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("'", "").replace("&", " and ")
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")


def iri(kind: str, *key: str) -> URIRef:
    """Instance IRI ``id/{kind}/{key...}`` from natural-key parts."""
    return ID[kind + "/" + "/".join(key)]


def council_iri(gss: str) -> URIRef:
    """A council is keyed by its GSS code."""
    return ID["council/" + gss]


def scheme_iri(scheme: str, concept: str | None = None) -> URIRef:
    """A SKOS concept scheme, or one of its concepts."""
    return SCHEME[scheme] if concept is None else SCHEME[f"{scheme}/{concept}"]


def graph_iri(source_id: str) -> URIRef:
    """Named graph holding what one source states."""
    return GRAPH[source_id]


def bind_prefixes(g) -> None:
    """Bind the project's prefixes on an rdflib graph or dataset."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
