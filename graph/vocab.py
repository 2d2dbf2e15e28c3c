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
    "council": str(ID) + "council/",
    "person": str(ID) + "person/",
    "grade": str(SCHEME) + "grade/",
    "framework": str(SCHEME) + "framework/",
    "itype": str(SCHEME) + "inspection-type/",
    "ilacs": str(SCHEME) + "ilacs-area/",
    "sif": str(SCHEME) + "sif-area/",
    "role": str(SCHEME) + "role/",
    "theme": str(SCHEME) + "theme/",
    "polarity": str(SCHEME) + "polarity/",
    "status": str(SCHEME) + "tenure-status/",
    "etype": str(SCHEME) + "event-type/",
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


def ontology_dir():
    """The folder holding the ontology, schemes and shapes (inside the wheel, or the checkout)."""
    from pathlib import Path

    here = Path(__file__).parent
    for candidate in (here / "ontology", here.parent / "ontology"):
        if (candidate / "inspection-graph.ttl").is_file():
            return candidate
    raise FileNotFoundError("ontology files not found beside the graph package")


_CACHE: dict = {}


def _parse(name: str):
    from rdflib import Graph

    if name not in _CACHE:
        g = Graph()
        g.parse(ontology_dir() / name, format="turtle")
        _CACHE[name] = g
    return _CACHE[name]


def load_schemes():
    """The SKOS concept schemes (``ontology/schemes.ttl``) as an rdflib Graph (cached)."""
    return _parse("schemes.ttl")


def load_shapes():
    """The SHACL shapes (``ontology/shapes.ttl``) as an rdflib Graph (cached)."""
    return _parse("shapes.ttl")


def load_ontology():
    """The OWL ontology and the schemes, merged, as an rdflib Graph (cached).

    Blank nodes (OWL class unions, RDF lists) are relabelled canonically and
    replaced by skolem IRIs (``.../.well-known/genid/{label}``), so every build,
    in every store, writes the same N-Triples.
    """
    if "ontology+schemes" not in _CACHE:
        from rdflib import Graph
        from rdflib.compare import to_canonical_graph

        merged = Graph()
        for triple in _parse("inspection-graph.ttl"):
            merged.add(triple)
        for triple in load_schemes():
            merged.add(triple)
        canonical = Graph()
        bind_prefixes(canonical)
        for triple in to_canonical_graph(merged).skolemize(
                authority="https://w3id.org", basepath="/inspection-graph/.well-known/genid/"):
            canonical.add(triple)
        _CACHE["ontology+schemes"] = canonical
    return _CACHE["ontology+schemes"]


def compact(term) -> str:
    """A short form of an IRI with the project's prefixes (``igid:council/E10000032``)."""
    text = str(term)
    best = None
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = prefix
    if best is None:
        return text
    return f"{best}:{text[len(PREFIXES[best]):]}"
