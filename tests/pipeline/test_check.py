"""The repository's own pipeline obeys the contract (see music_visual.pipeline.check)."""

import shutil
from pathlib import Path

import pytest

from helpers_repo import make_repo, write_notebook
from music_visual.pipeline.check import import_closure, notebook_problems, pipeline_problems

ROOT = Path(__file__).resolve().parents[2]


def test_repository_pipeline_has_no_contract_problems():
    assert pipeline_problems(ROOT) == []


def test_every_notebook_is_checked():
    notebooks = [p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    assert notebooks, "no notebooks found"
    for nb in notebooks:
        assert notebook_problems(nb) == [], nb


def test_import_closure_is_transitive():
    files = {p.relative_to(ROOT / "src").as_posix() for p in
             import_closure(["from music_visual.reporting import write_metrics"], ROOT / "src")}
    assert {"music_visual/reporting/__init__.py", "music_visual/reporting/metrics_io.py",
            "music_visual/errors.py", "music_visual/__init__.py"} <= files


@pytest.fixture()
def toy_repo(tmp_path):
    shutil.copytree(ROOT / "src", tmp_path / "src")
    stage = {"cmd": "python -m music_visual.pipeline.run_notebook notebooks/toy/01.ipynb --section toy",
             "deps": ["notebooks/toy/01.ipynb", "src/music_visual"], "params": ["toy"],
             "outs": ["reports/toy/01.ipynb"]}
    make_repo(tmp_path, {"toy": {"n": 1}}, {"toy": stage, "report": {"cmd": "x", "deps": ["reports/toy/01.ipynb"]}})
    write_notebook(tmp_path / "notebooks/toy/01.ipynb", "n = 1", ["from music_visual import paths"])
    return tmp_path


def test_contract_catches_each_violation(toy_repo):
    assert pipeline_problems(toy_repo) == []
    write_notebook(toy_repo / "notebooks/toy/01.ipynb", "n = 1\nm = 2", ["def f():\n    pass"])
    (toy_repo / "notebooks/toy/02.ipynb").write_text((toy_repo / "notebooks/toy/01.ipynb").read_text())
    problems = "\n".join(pipeline_problems(toy_repo))
    assert "keys ['n'] != notebook parameters ['m', 'n']" in problems
    assert "defines a function or class" in problems
    assert "notebooks/toy/02.ipynb is not run by any dvc.yaml stage" in problems


def test_contract_catches_missing_src_dep(toy_repo):
    import yaml
    dvc = yaml.safe_load((toy_repo / "dvc.yaml").read_text())
    dvc["stages"]["toy"]["deps"] = ["notebooks/toy/01.ipynb", "src/music_visual/pipeline/run_notebook.py"]
    (toy_repo / "dvc.yaml").write_text(yaml.safe_dump(dvc))
    problems = "\n".join(pipeline_problems(toy_repo))
    assert "imports src/music_visual/paths.py but it is not in deps" in problems


def test_foreach_stages_are_expanded_and_params_checked(toy_repo):
    import yaml
    dvc = yaml.safe_load((toy_repo / "dvc.yaml").read_text())
    dvc["stages"]["fam"] = {"foreach": ["a", "b"], "do": {
        "cmd": "python -m music_visual.params ${item}", "deps": ["src/music_visual"],
        "params": ["toy.${item}"], "outs": ["data/${toy.n}/${item}"]}}
    (toy_repo / "dvc.yaml").write_text(yaml.safe_dump(dvc))
    (toy_repo / "params.yaml").write_text(yaml.safe_dump({"toy": {"n": 1, "a": 2}}))
    problems = pipeline_problems(toy_repo)
    assert any("stage toy:" in p for p in problems)  # notebook keys now differ from the section
    assert "stage fam@b: declares param 'toy.b', which params.yaml does not hold" in problems
    assert not any(p.startswith("stage fam@a") for p in problems)


def test_import_closure_resolves_relative_imports_and_lazy_exports(tmp_path):
    pkg = tmp_path / "music_visual"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text('__lazy__ = {"build": "music_visual.sub.heavy"}\n')
    (pkg / "sub" / "light.py").write_text("from .helper import x\nfrom . import other\n")
    (pkg / "sub" / "helper.py").write_text("x = 1\n")
    (pkg / "sub" / "other.py").write_text("")
    (pkg / "sub" / "heavy.py").write_text("from ..sub.helper import x\n")

    def names(source):
        return {p.relative_to(tmp_path).as_posix() for p in import_closure([source], tmp_path)}

    light = names("from music_visual.sub.light import x")
    assert light == {"music_visual/__init__.py", "music_visual/sub/__init__.py", "music_visual/sub/light.py",
                     "music_visual/sub/helper.py", "music_visual/sub/other.py"}
    assert "music_visual/sub/heavy.py" in names("from music_visual.sub import build")
    assert "music_visual/sub/heavy.py" not in light


def test_each_feature_stage_depends_on_exactly_its_own_worker_modules():
    """Editing one family's extractor reruns only the families whose workers import it."""
    import yaml

    from music_visual.features.families import FAMILIES, stage_imports
    from music_visual.params import load_params
    from music_visual.pipeline.check import expand_stages

    stages = expand_stages(yaml.safe_load((ROOT / "dvc.yaml").read_text()), load_params(ROOT / "params.yaml"))
    stage_src = (ROOT / "src/music_visual/features/stage.py").read_text()
    for name in FAMILIES:
        stage = stages[f"features@{name}"]
        assert stage["cmd"] == f"python -m music_visual.features.stage {name}"
        sources = [stage_src] + [f"import {m}" for m in ["music_visual.features.stage", *stage_imports([name])]]
        needed = {f"src/{p.relative_to(ROOT / 'src').as_posix()}" for p in import_closure(sources, ROOT / "src")}
        declared = {d for d in stage["deps"] if d.startswith("src/")}
        assert declared == needed, name
    vmnet = set(stages["features@vmnet_audio"]["deps"])
    assert "src/music_visual/features/visual_handcrafted.py" not in vmnet
    assert "src/music_visual/features/audio_vmnet.py" not in set(stages["features@handcrafted_images"]["deps"])


def test_feature_stage_with_a_missing_worker_dep_is_reported(tmp_path):
    import yaml

    shutil.copytree(ROOT / "src", tmp_path / "src")
    from music_visual.params import load_params
    from music_visual.pipeline.check import code_dep_problems, expand_stages

    stages = expand_stages(yaml.safe_load((ROOT / "dvc.yaml").read_text()), load_params(ROOT / "params.yaml"))
    stage = stages["features@sdcca_audio"]
    stage["deps"] = [d for d in stage["deps"] if not d.endswith("audio_sdcca.py")]
    problems = code_dep_problems("features@sdcca_audio", stage, [], tmp_path)
    assert problems == ["stage features@sdcca_audio: imports src/music_visual/features/audio_sdcca.py but it is not in deps"]


def test_paper_stages_do_not_depend_on_another_papers_code():
    """Editing MR-CCA's model or the handcrafted image features does not rerun VM-NET (and vice versa)."""
    import yaml

    from music_visual.params import load_params
    from music_visual.pipeline.check import expand_stages

    stages = expand_stages(yaml.safe_load((ROOT / "dvc.yaml").read_text()), load_params(ROOT / "params.yaml"))
    for name, stage in stages.items():
        paper = name.split("_")[0]
        if paper not in ("mrcca", "vmnet"):
            continue
        other = {"mrcca": "vmnet", "vmnet": "mrcca"}[paper]
        deps = [d for d in stage["deps"] if d.startswith("src/")]
        assert not any(f"papers/{other}" in d for d in deps), name
        if paper == "vmnet":
            assert "src/music_visual/features/visual_handcrafted.py" not in deps
            assert "src/music_visual/features" not in deps


def test_no_paper_package_imports_another_paper():
    from music_visual import PAPERS

    src = ROOT / "src" / "music_visual"
    for paper in PAPERS:
        files = sorted((src / "papers" / paper).rglob("*.py"))
        closure = import_closure([f.read_text() for f in files], ROOT / "src")
        others = {f.relative_to(src).parts[1] for f in closure if f.relative_to(src).parts[0] == "papers"
                  and len(f.relative_to(src).parts) > 2}
        assert others <= {paper}, (paper, others)


def test_corpus_name_reaches_every_notebook_that_declares_it(toy_repo):
    import yaml

    write_notebook(toy_repo / "notebooks/toy/01.ipynb", "n = 1\ncorpus_name = 'tiny'", ["from music_visual import paths"])
    problems = "\n".join(pipeline_problems(toy_repo))
    assert "must declare param 'corpus.corpus_name'" in problems
    dvc = yaml.safe_load((toy_repo / "dvc.yaml").read_text())
    dvc["stages"]["toy"]["params"].append("corpus.corpus_name")
    (toy_repo / "dvc.yaml").write_text(yaml.safe_dump(dvc))
    (toy_repo / "params.yaml").write_text(yaml.safe_dump({"toy": {"n": 1}, "corpus": {"corpus_name": "c"}}))
    assert pipeline_problems(toy_repo) == []


def test_output_dir_moves_the_executed_notebook_the_check_expects(toy_repo):
    import yaml
    dvc = yaml.safe_load((toy_repo / "dvc.yaml").read_text())
    dvc["stages"]["toy"]["cmd"] += " --output-dir reports/other"
    (toy_repo / "dvc.yaml").write_text(yaml.safe_dump(dvc))
    assert "stage toy: executed notebook reports/other/01.ipynb is not in outs" in pipeline_problems(toy_repo)
    dvc["stages"]["toy"]["outs"] = ["reports/other/01.ipynb"]
    dvc["stages"]["report"]["deps"] = ["reports/other/01.ipynb"]
    (toy_repo / "dvc.yaml").write_text(yaml.safe_dump(dvc))
    assert pipeline_problems(toy_repo) == []
