"""The West Sussex article's facts are in the graph, each traceable to its passage."""

from __future__ import annotations

import re

from graph.sources.records import BUNDLED_RECORDS, read_records

WS = "council:E10000032"


def test_2019_inadequate_in_all_four_ilacs_areas(seed_graph):
    rows = seed_graph.query("""
        SELECT ?area ?grade WHERE {
          ?i ig:subject ?c ; ig:framework framework:ilacs ; ig:fieldworkStart ?start ;
             ig:judgement ?j .
          ?j ig:area ?area ; ig:grade ?grade .
          FILTER(STRSTARTS(STR(?start), "2019"))
        }""", c=WS).to_dicts()
    areas = {r["area"].rsplit("/", 1)[-1] for r in rows}
    assert areas == {"overall-effectiveness", "impact-of-leaders", "help-and-protection",
                     "children-in-care-and-care-leavers"}
    assert {r["grade"].rsplit("/", 1)[-1] for r in rows} == {"inadequate"}


def test_2015_requires_improvement_and_is_previous(seed_graph):
    rows = seed_graph.query("""
        SELECT ?prevstart ?grade WHERE {
          ?i ig:subject ?c ; ig:previousInspection ?prev .
          ?prev ig:fieldworkStart ?prevstart ; ig:judgement/ig:grade ?grade .
        }""", c=WS).to_dicts()
    assert len(rows) == 1
    assert str(rows[0]["prevstart"]).startswith("2015")
    assert rows[0]["grade"].endswith("/grade/requires-improvement")


def test_new_director_held_posts_at_lancashire_and_bristol_before(seed_graph):
    rows = seed_graph.query("""
        SELECT ?council ?status WHERE {
          ?t ig:holder ?p ; ig:post ?post ; ig:tenureStatus ?status .
          ?post ig:role role:director-of-childrens-services ; org:postIn ?c .
          ?c rdfs:label ?council .
          ?p foaf:name "John Readman" .
        } ORDER BY ?council""").to_dicts()
    status = {r["council"]: r["status"].rsplit("/", 1)[-1] for r in rows}
    assert status == {"Bristol City Council": "former", "Lancashire County Council": "former",
                      "West Sussex County Council": "current"}


def test_codes_come_from_their_own_source_not_the_article(seed_graph):
    rows = seed_graph.query("""
        SELECT ?g WHERE { GRAPH ?g { ?c ig:gssCode "E10000032" } }""").to_dicts()
    assert [r["g"].rsplit("/", 1)[-1] for r in rows] == ["ons-codes"]
    article = "https://w3id.org/inspection-graph/graph/communitycare-2019-05-west-sussex"
    assert not seed_graph.query(f"ASK {{ GRAPH <{article}> {{ ?c ig:gssCode ?code }} }}").boolean


def test_causal_chain_from_restructure_to_harm(seed_graph):
    import networkx as nx

    rows = seed_graph.query("SELECT ?a ?b WHERE { ?a ig:contributesTo ?b }").rows
    chain = nx.DiGraph([(str(a), str(b)) for a, b in rows])
    restructure = seed_graph.resolve("restructure-2015")
    turnover_effects = nx.descendants(chain, restructure)
    labels = {seed_graph.entity(n).label.lower() for n in turnover_effects}
    assert any("harm" in label for label in labels), labels


def test_twelve_recommendations_and_reader_comments(seed_graph):
    n = seed_graph.query("SELECT ?n WHERE { ?i ig:recommendationCount ?n }").column("n")
    assert n == [12]
    comments = seed_graph.query("""
        SELECT ?author ?parent WHERE { ?c a ig:ReaderComment ; ig:author ?author .
        OPTIONAL { ?c ig:replyTo/ig:author ?parent } } ORDER BY ?author""").to_dicts()
    assert len(comments) == 7
    assert {r["author"]: r.get("parent") for r in comments}["Errin"] == "A Man Called Horse"


def test_every_evidence_span_resolves_to_a_passage(seed_graph, seeds_dir):
    rows = seed_graph.query("SELECT DISTINCT ?f WHERE { ?f ig:evidence ?s }").column("f")
    assert len(rows) > 80
    for fact in rows:
        passages = seed_graph.evidence(fact)
        assert passages, fact
        for p in passages:
            assert p.text and p.text.strip(), (fact, p)


def test_statistic_passages_contain_the_figure_as_written(seed_graph):
    rows = seed_graph.query("""
        SELECT ?s ?written ?value WHERE { ?s a ig:Statistic ; ig:asWritten ?written ;
        ig:value ?value }""").to_dicts()
    written = {r["written"] for r in rows}
    assert {"13%", "A quarter"} <= written
    for row in rows:
        texts = [p.text for p in seed_graph.evidence(row["s"])]
        assert any(row["written"] in t for t in texts), row


def test_records_declare_the_seed_text_hash(seeds_dir):
    from graph.build.evidence import text_sha256

    record = read_records(BUNDLED_RECORDS)[0]
    text = (seeds_dir / record.source.get("text_file")).read_text(encoding="utf-8")
    assert text_sha256(text) == record.source.get("sha256")
    assert len(text) == record.source.get("length")


def test_no_sentence_of_the_article_is_copied(seeds_dir):
    """Nine words in a row from the article never appear in a record statement."""
    words = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
    text = next(seeds_dir.glob("*.txt")).read_text(encoding="utf-8")
    title, body = text.splitlines()[0], text
    body = body.replace(title, "\n")
    ws = words.findall(body.lower().replace("’", "'"))
    shingles = {" ".join(ws[i:i + 9]) for i in range(len(ws) - 8)}
    for path in BUNDLED_RECORDS.glob("*.yaml"):
        own = words.findall(path.read_text(encoding="utf-8").lower().replace("’", "'"))
        mine = {" ".join(own[i:i + 9]) for i in range(len(own) - 8)}
        assert not (mine & shingles), path
