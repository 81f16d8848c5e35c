"""Grouped cross-validation of training choices: judge figures on held-out corpus groups.

The ten batches that existed before 2026-12-07 are held out in four groups; each group is
judged by a model trained on the other groups, plus any `--extra` batches, which are
train-only and never judged, so a change of data or of training settings is compared on
the same held-out replies. Used to choose the corpus additions and EPOCHS of 2026-12-07:

    python tools/cv_train.py base --epochs 12
    python tools/cv_train.py all --epochs 4 --extra corpus/trainT7.jsonl \
        --extra corpus/trainT8.jsonl --extra corpus/trainT9.jsonl --extra corpus/trainT10.jsonl

Never pass the blind split or the dev replies. Models are cached in /tmp.
"""

import argparse, hashlib, importlib.util, json, math, pickle, sys
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


p = argparse.ArgumentParser()
p.add_argument("name")
p.add_argument("--extra", action="append", default=[])
p.add_argument("--epochs", type=int, default=12)
p.add_argument("--l2", type=float, default=1e-5)
p.add_argument("--rate", type=float, default=0.3)
p.add_argument("--set", action="append", default=[])
p.add_argument("--kinds", action="store_true")
p.add_argument(
    "--no-shape",
    action="store_true",
    help="judge without the shape model (it is trained on every batch, held-out ones too)",
)
a = p.parse_args()
if a.no_shape:
    from sparring.core.scoring import reading

    reading.shipped_shape_model = lambda: None
train = tool("train_acts")
evaluate = tool("evaluate")
cv = tool("tune_cv")
evaluate.NON_ANSWERS = cv.NON_ANSWER_KINDS
from sparring.core.scoring import acts as actsmod
from sparring.core.scoring.acts import ActModel


def fit(samples):
    return actsmod.train(samples, epochs=a.epochs, rate=a.rate, l2=a.l2, seed=7)


def samples_of(paths):
    out = {}
    for path in paths:
        train.CORPUS = path.parent
        got = train.corpus_samples()
        out[path.stem] = got[path.stem]
    train.CORPUS = ROOT / "corpus"
    return out


GROUPS = [
    ["leadA", "trainT1", "trainT5"],
    ["leadB", "trainT2", "trainT6"],
    ["leadC", "trainT3"],
    ["leadD", "trainT4"],
]
held_paths = [ROOT / "corpus" / f"{name}.jsonl" for group in GROUPS for name in group]
extra_paths = [Path(x) for x in a.extra]
key = hashlib.sha256(
    json.dumps([a.epochs, a.l2, a.rate]).encode()
    + b"".join(pp.read_bytes() for pp in held_paths + extra_paths)
).hexdigest()[:16]
cache = Path(f"/tmp/sparring-cvtrain-{key}.pkl")
if cache.exists():
    models = pickle.loads(cache.read_bytes())
else:
    batches = samples_of(held_paths)
    extras = samples_of(extra_paths)
    train_only = [s for rows in extras.values() for s in rows]
    rule = train.rule_samples()
    seed = fit([s for rows in batches.values() for s in rows] + train_only + rule)
    rule = rule + train.case_samples(seed)
    raw, held_out = {}, []
    for g in GROUPS:
        m = fit([s for n, rows in batches.items() if n not in g for s in rows] + train_only + rule)
        raw[tuple(g)] = m
        for n in g:
            for feats, act in batches[n]:
                probs = m.probabilities(feats)
                held_out.append(([math.log(max(q, 1e-12)) for q in probs], act))
        print("group", g, "built", file=sys.stderr)
    t = train.fit_temperature(held_out)
    acc = sum(
        max(range(13), key=lambda i: lp[i]) == actsmod.ACTS.index(act) for lp, act in held_out
    ) / len(held_out)
    models = {"T": t, "acc": acc}
    for g, m in raw.items():
        w = {b: array("d", (x / t for x in r)) for b, r in m.weights.items()}
        for n in g:
            models[n] = ActModel(m.acts, w, version="exp")
    cache.write_bytes(pickle.dumps(models))
cv.apply(a.set)
pooled = cv.pool(evaluate, held_paths, models)
fig = pooled["figures"]
out = {"name": a.name, "T": models["T"], "acc": round(100 * models["acc"], 1), **fig}
if a.kinds:
    out["kinds"] = pooled["kinds"]
    out["false"] = pooled["false"]
print(json.dumps(out))
