"""Every paper's own numbers come from its papers/<id>/paper.py."""

from music_visual import PAPERS
from music_visual.papers.vmnet import paper as vmnet
from music_visual.study.papers import paper_info, paper_numbers, papers_overview


def test_every_paper_has_a_title_and_headline_numbers():
    headline = paper_numbers(headline_only=True)
    assert set(headline["paper"]) == set(PAPERS)
    assert all(paper_info(p)["title"] for p in PAPERS) and len(papers_overview(list(PAPERS))) == 5


def test_vmnet_headlines_are_read_from_its_table_iii():
    rows = paper_numbers("vmnet").set_index(["method", "metric"])
    assert rows.loc[("nonlinear_inter_soft_intra", "music_to_video_recall_at_10"), "reported"] == "25.2"
    assert rows.loc[("cca", "music_to_video_recall_at_10"), "value"] == vmnet.TABLE_III["cca"][1]
