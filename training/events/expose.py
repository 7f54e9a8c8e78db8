"""Add the ``hidden`` output (one inner layer's states) to the accurate entity model.

The event-trigger model (``training/events/train.py``) reads the states of a middle layer of
the fine-tuned encoder, which the entity model computes anyway: exposing them costs the
pipeline one array copy instead of a second encoder pass. The graph is otherwise unchanged,
so the entity labels stay identical. Layer 4 (of 0…11) was chosen by a linear probe (softmax
regression, 20 % of the sentences held out) on the annotated training sentences: best
word-level F1 of layers 2…6 0.30 / 0.30 / 0.32 / 0.32 / 0.30; on a first, smaller sample layer 5
gave 0.36, layer 7 0.26 and the last layer, tuned for names, 0.16.

    python training/events/expose.py [--layer 4] [--model src/lagebild/models/de-accurate-ner]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import onnx

STATES = "hidden"


def expose(model: Path, layer: int) -> None:
    path = model / "model.onnx"
    graph_model = onnx.load(str(path))
    graph = graph_model.graph
    for output in list(graph.output):
        if output.name == STATES:
            graph.output.remove(output)
    for node in list(graph.node):
        if node.output and node.output[0] == STATES:
            graph.node.remove(node)
    source = f"/layers.{layer}/oln/LayerNormalization_output_0"
    if not any(source in node.output for node in graph.node):
        raise SystemExit(f"{path}: no tensor {source}")
    graph.node.append(onnx.helper.make_node("Identity", [source], [STATES], name="states"))
    shape = ["batch", "tokens", graph_model_width(graph)]
    graph.output.append(onnx.helper.make_tensor_value_info(STATES, onnx.TensorProto.FLOAT, shape))
    onnx.checker.check_model(graph_model)
    onnx.save(graph_model, str(path))


def graph_model_width(graph) -> int:
    """The encoder's width: the classifier's input size."""
    logits = next(o for o in graph.output if o.name == "logits")
    weights = {i.name: i for i in graph.initializer}
    last = next(n for n in graph.node if n.output[0] == "/classifier/MatMul_output_0")
    del logits
    return int(weights[last.input[1]].dims[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--layer", type=int, default=4)
    parser.add_argument("--model", type=Path, default=Path("src/lagebild/models/de-accurate-ner"))
    args = parser.parse_args()
    expose(args.model, args.layer)


if __name__ == "__main__":
    main()
