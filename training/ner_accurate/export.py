"""Export the trained classifier to ONNX and write the model folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

NOTICE = Path(__file__).with_name("NOTICE.model")


def _fp16_storage(model: onnx.ModelProto) -> onnx.ModelProto:
    """Store large float32 initializers as float16 followed by a Cast to float32. ONNX Runtime
    folds the casts when it loads the graph, so computation stays in float32."""
    kept, casts, halves = [], [], []
    for init in model.graph.initializer:
        array = numpy_helper.to_array(init)
        if array.dtype == np.float32 and array.size >= 4096:
            half = numpy_helper.from_array(array.astype(np.float16), init.name + "__fp16")
            halves.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT))
        else:
            kept.append(init)
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept + halves)
    nodes = list(model.graph.node)
    del model.graph.node[:]
    model.graph.node.extend(casts + nodes)
    return model


def export_model(model, out: Path, config: dict, *, weights: str, work: Path) -> None:
    model.eval()
    work.mkdir(parents=True, exist_ok=True)
    fp32 = work / "model_fp32.onnx"
    embeds = torch.randn(2, 12, 384)
    mask = torch.ones(2, 12, dtype=torch.int64)
    mask[1, 8:] = 0
    torch.onnx.export(
        model,
        (embeds, mask),
        str(fp32),
        input_names=["inputs_embeds", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "inputs_embeds": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "logits": {0: "batch", 1: "tokens"},
        },
        opset_version=17,
        dynamo=False,
    )
    out.mkdir(parents=True, exist_ok=True)
    target = out / "model.onnx"
    if weights == "fp32":
        shutil.copy(fp32, target)
    elif weights == "fp16":
        onnx.save(_fp16_storage(onnx.load(str(fp32))), str(target))
    else:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8)
    (out / "config.json").write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n")
    shutil.copy(NOTICE, out / "NOTICE")
