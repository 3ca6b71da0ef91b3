#!/usr/bin/python3
"""PyTorch reference for Perennial's DJL policy: the same Qwen2/Llama-shaped decoder, loaded from a
checkpoint directory the Java side wrote (config.json + model.safetensors), used by
InferenceBench/TrainingBench for side-by-side timings and a logits parity check.

Runs on Debian's python3-torch (PyTorch 1.13, /usr/bin/python3). Every subcommand prints one JSON
object on stdout:

  reference.py logits CKPT --tokens 1,2,3            logits [T][V] of one sequence
  reference.py decode CKPT --batch B --prompt P --new N --rounds R   KV-cache decode tokens/s
  reference.py train  CKPT --batch B --seq T --steps S              SFT step (fwd+bwd+clip+AdamW) tokens/s
"""
import argparse
import json
import math
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def read_safetensors(path):
    """A minimal safetensors reader (the safetensors package is not in Debian bookworm)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        begin, end = t["data_offsets"]
        raw = bytearray(data[begin:end])
        if t["dtype"] == "F32":
            x = torch.frombuffer(raw, dtype=torch.float32)
        elif t["dtype"] == "BF16":
            x = torch.frombuffer(raw, dtype=torch.bfloat16).float()
        elif t["dtype"] == "F16":
            x = torch.frombuffer(raw, dtype=torch.float16).float()
        else:
            raise ValueError("unsupported dtype " + t["dtype"])
        out[name] = x.reshape(t["shape"]).clone()
    return out


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, d = c["hidden_size"], c["head_dim"]
        self.heads, self.kv_heads, self.head_dim = c["num_attention_heads"], c["num_key_value_heads"], d
        bias = c.get("attention_bias", c["model_type"] == "qwen2")
        self.q_proj = nn.Linear(h, self.heads * d, bias=bias)
        self.k_proj = nn.Linear(h, self.kv_heads * d, bias=bias)
        self.v_proj = nn.Linear(h, self.kv_heads * d, bias=bias)
        self.o_proj = nn.Linear(self.heads * d, h, bias=False)

    def forward(self, x, cos, sin, mask, cache):
        b, t, _ = x.shape
        q = self.q_proj(x).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if cache is not None:
            if cache[0] is not None:
                k = torch.cat([cache[0], k], dim=2)
                v = torch.cat([cache[1], v], dim=2)
            cache[0], cache[1] = k, v
        groups = self.heads // self.kv_heads
        k = k.repeat_interleave(groups, dim=1)
        v = v.repeat_interleave(groups, dim=1)
        scores = q @ k.transpose(2, 3) / math.sqrt(self.head_dim) + mask
        out = scores.softmax(-1) @ v
        return self.o_proj(out.transpose(1, 2).reshape(b, t, -1))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.input_layernorm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        self.self_attn = Attention(c)
        self.post_attention_layernorm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        i = c["intermediate_size"]
        self.mlp = nn.Module()
        self.mlp.gate_proj = nn.Linear(c["hidden_size"], i, bias=False)
        self.mlp.up_proj = nn.Linear(c["hidden_size"], i, bias=False)
        self.mlp.down_proj = nn.Linear(i, c["hidden_size"], bias=False)

    def forward(self, x, cos, sin, mask, cache):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, mask, cache)
        h = self.post_attention_layernorm(x)
        return x + self.mlp.down_proj(F.silu(self.mlp.gate_proj(h)) * self.mlp.up_proj(h))


class Model(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.model = nn.Module()
        self.model.embed_tokens = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.model.layers = nn.ModuleList([Layer(c) for _ in range(c["num_hidden_layers"])])
        self.model.norm = RMSNorm(c["hidden_size"], c["rms_norm_eps"])
        self.tied = c.get("tie_word_embeddings", False)
        if not self.tied:
            self.lm_head = nn.Linear(c["hidden_size"], c["vocab_size"], bias=False)
        d = c["head_dim"]
        inv = 1.0 / (c["rope_theta"] ** (torch.arange(0, d, 2, dtype=torch.float64) / d))
        freqs = torch.outer(torch.arange(c["max_position_embeddings"], dtype=torch.float64), inv)
        emb = torch.cat([freqs, freqs], dim=-1)
        self.register_buffer("cos", emb.cos().float(), persistent=False)
        self.register_buffer("sin", emb.sin().float(), persistent=False)

    def forward(self, tokens, positions, mask, caches=None):
        x = self.model.embed_tokens(tokens)
        cos, sin = self.cos[positions].unsqueeze(1), self.sin[positions].unsqueeze(1)
        for i, layer in enumerate(self.model.layers):
            x = layer(x, cos, sin, mask, None if caches is None else caches[i])
        x = self.model.norm(x)
        weight = self.model.embed_tokens.weight if self.tied else self.lm_head.weight
        return F.linear(x, weight)


def load(ckpt):
    with open(ckpt + "/config.json") as f:
        c = json.load(f)
    c.setdefault("head_dim", c["hidden_size"] // c["num_attention_heads"])
    c.setdefault("num_key_value_heads", c["num_attention_heads"])
    model = Model(c)
    weights = read_safetensors(ckpt + "/model.safetensors")
    missing, unexpected = model.load_state_dict(weights, strict=False)
    if missing or [u for u in unexpected if not u.endswith("inv_freq")]:
        raise SystemExit("checkpoint mismatch: missing %s unexpected %s" % (missing, unexpected))
    return model, c


def causal_mask(t):
    return torch.full((t, t), -1e9).triu(1)


def cmd_logits(model, c, args):
    tokens = torch.tensor([[int(x) for x in args.tokens.split(",")]])
    t = tokens.shape[1]
    with torch.no_grad():
        logits = model(tokens, torch.arange(t).unsqueeze(0), causal_mask(t))
    return {"logits": logits[0].tolist()}


def cmd_decode(model, c, args):
    torch.manual_seed(0)
    best = best_cpu = 0.0
    for _ in range(args.rounds):
        tokens = torch.randint(2, c["vocab_size"], (args.batch, args.prompt))
        with torch.no_grad():
            start, cpu = time.perf_counter(), time.process_time()
            caches = [[None, None] for _ in range(c["num_hidden_layers"])]
            logits = model(tokens, torch.arange(args.prompt).expand(args.batch, -1), causal_mask(args.prompt), caches)
            for step in range(args.new):
                probs = logits[:, -1].softmax(-1)
                nxt = torch.multinomial(probs, 1)
                pos = torch.full((args.batch, 1), args.prompt + step)
                logits = model(nxt, pos, torch.zeros(1, 1, 1, args.prompt + step + 1), caches)
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        best = max(best, args.batch * args.new / elapsed)
        best_cpu = max(best_cpu, args.batch * args.new / cpu)
    return {"tokens_per_second": best, "tokens_per_cpu_second": best_cpu}


def cmd_train(model, c, args):
    torch.manual_seed(0)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.01)
    mask = causal_mask(args.seq - 1)
    positions = torch.arange(args.seq - 1).expand(args.batch, -1)
    times, cpus = [], []
    for step in range(args.steps + 2):
        tokens = torch.randint(2, c["vocab_size"], (args.batch, args.seq))
        start, cpu = time.perf_counter(), time.process_time()
        logits = model(tokens[:, :-1], positions, mask)
        logp = logits.log_softmax(-1).gather(-1, tokens[:, 1:].unsqueeze(-1)).squeeze(-1)
        loss = -logp.mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=False)
        if step >= 2:
            times.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
    times.sort()
    cpus.sort()
    median, median_cpu = times[len(times) // 2], cpus[len(cpus) // 2]
    return {"step_seconds": median, "tokens_per_second": args.batch * args.seq / median,
            "tokens_per_cpu_second": args.batch * args.seq / median_cpu}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("cmd", choices=["logits", "decode", "train"])
    p.add_argument("ckpt")
    p.add_argument("--tokens", default="")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--prompt", type=int, default=64)
    p.add_argument("--new", type=int, default=64)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--seq", type=int, default=128)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--threads", type=int, default=0)
    args = p.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    model, c = load(args.ckpt)
    result = {"cmd": args.cmd, "torch": torch.__version__, "threads": torch.get_num_threads()}
    result.update({"logits": cmd_logits, "decode": cmd_decode, "train": cmd_train}[args.cmd](model, c, args))
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
