package main

// The realistic tree: file kinds, sizes and reference density follow a real
// ML library. Measured on huggingface/diffusers at 58eb52c (2,845 files,
// 57 MB; the figures are in docs/performance.md):
//
//	kind        share   median size   what the files hold
//	.py         73.4%   11.9 kB       76% import torch/transformers/diffusers; 80% say "model";
//	                                  60% have docstrings; 43% call from_pretrained, 22% with a
//	                                  literal id; 36% hold a huggingface.co URL; 3% hub downloads
//	.md         21.7%    4.3 kB       62% have Python code blocks; 72% hold a huggingface.co URL;
//	                                  2.7 from_pretrained calls per file
//	.txt         2.1%    0.1 kB       requirements
//	.yml         1.6%    1.9 kB       CI workflows (run: steps)
//	other        1.2%                 Dockerfile, .sh, .yaml, .json, .toml, .ipynb (82 kB), .png
//
// 433 directories: 6.6 files per directory.
// 6,141 references to 834 distinct models: about 7 references per model.
// The text is written for this benchmark in the style of such a library
// (classes with docstrings, forward passes, tests loading tiny models,
// documentation with code blocks); no file of diffusers is copied.

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// kinds is one slot per 1/1000 of the files, in diffusers' proportions.
var kinds = func() []string {
	var k []string
	for _, c := range []struct {
		kind string
		n    int
	}{{".py", 734}, {".md", 217}, {".txt", 21}, {".yml", 16}, {"Dockerfile", 2}, {".sh", 2}, {".yaml", 2}, {".json", 2}, {".ipynb", 2}, {".toml", 1}, {".png", 1}} {
		for range c.n {
			k = append(k, c.kind)
		}
	}
	return k
}()

var orgs = []string{"pixelforge", "nimbus-labs", "quartzai", "lumenresearch", "deepcanvas", "aurora-ml", "vectorfield",
	"mosaic-vision", "tinygrad-lab", "cobaltai", "northwind-ml", "heliograph", "fjordai", "saffron-labs", "kestrel-ml", "opalvision"}

var classes = []string{"UNet2DConditionModel", "AutoencoderKL", "CLIPTextModel", "DiffusionPipeline", "StableDiffusionPipeline",
	"ControlNetModel", "T5EncoderModel", "AutoModelForCausalLM", "AutoTokenizer", "FluxTransformer2DModel"}

var imports = []string{
	"import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n",
	"from typing import Optional, Tuple, Union\n",
	"from transformers import CLIPTextModel, CLIPTokenizer, T5EncoderModel\n",
	"from ..utils import logging, deprecate\nfrom ..configuration_utils import ConfigMixin, register_to_config\n",
	"import numpy as np\nimport inspect\n",
}

type realGen struct {
	rng     *rand.Rand
	pool    int // distinct models
	planted int // references discovery must find
	sb      strings.Builder
}

// id draws a model id; a few models are referenced far more than others.
func (g *realGen) id() string {
	u := g.rng.Float64()
	k := int(float64(g.pool) * u * u)
	return fmt.Sprintf("%s/model-%d-v%d", orgs[k%len(orgs)], k, 1+k%3)
}

func (g *realGen) pct(p int) bool { return g.rng.IntN(100) < p }

// size draws a file size around the median of its kind.
func (g *realGen) size(median int) int { return median*3/10 + g.rng.IntN(median*19/10) }

func (g *realGen) w(format string, args ...any) { fmt.Fprintf(&g.sb, format, args...) }

func (g *realGen) python() {
	target := g.size(11900)
	g.w("# Copyright 2025 The Bench Authors. All rights reserved.\n#\n# Licensed under the Apache License, Version 2.0 (the \"License\");\n# you may not use this file except in compliance with the License.\n\n")
	if g.pct(76) {
		for _, imp := range imports {
			if g.pct(70) {
				g.w("%s", imp)
			}
		}
		g.w("\n")
	}
	literal, anyCall, url, docs, hub := g.pct(22), g.pct(43), g.pct(36), g.pct(60), g.pct(3)
	g.w("logger = logging.get_logger(__name__)  # pylint: disable=invalid-name\n\n")
	if url {
		id := g.id()
		g.w("# The weights of the default model live at https://huggingface.co/%s\n\n", id)
		g.planted++
	}
	for k := 0; g.sb.Len() < target; k++ {
		name := classes[(k+g.rng.IntN(3))%len(classes)]
		switch k % 4 {
		case 0:
			g.w("class %sBlock%d(nn.Module):\n", strings.TrimSuffix(name, "Model"), k)
			if docs {
				g.w("    r\"\"\"\n    A residual block of the %s model.\n\n    Args:\n        in_channels (`int`): The number of input channels of the model.\n        dropout (`float`, *optional*, defaults to 0.0): The dropout probability.\n    \"\"\"\n\n", name)
			}
			g.w("    def __init__(self, in_channels: int, out_channels: Optional[int] = None, dropout: float = 0.0):\n        super().__init__()\n        self.norm = nn.GroupNorm(num_groups=32, num_channels=in_channels, eps=1e-6)\n        self.conv = nn.Conv2d(in_channels, out_channels or in_channels, kernel_size=3, stride=1, padding=1)\n        self.dropout = nn.Dropout(dropout)\n\n")
			g.w("    def forward(self, hidden_states: torch.Tensor, temb: Optional[torch.Tensor] = None) -> torch.Tensor:\n        residual = hidden_states\n        hidden_states = F.silu(self.norm(hidden_states))\n        if temb is not None:\n            hidden_states = hidden_states + self.time_proj(temb)[:, :, None, None]\n        hidden_states = self.dropout(self.conv(hidden_states))\n        return hidden_states + residual\n\n\n")
		case 1:
			g.w("def load_%s_%d(pretrained_model_name_or_path, subfolder=None, device=\"cuda\", **kwargs):\n", strings.ToLower(name[:4]), k)
			if docs {
				g.w("    \"\"\"Load the model and move it to `device`; see the model card for the license.\"\"\"\n")
			}
			if anyCall {
				g.w("    model = %s.from_pretrained(pretrained_model_name_or_path, subfolder=subfolder, **kwargs)\n", name)
			} else {
				g.w("    model = %s(**kwargs)\n", name)
			}
			g.w("    model.eval()\n    for param in model.parameters():\n        param.requires_grad_(False)\n    return model.to(device)\n\n\n")
		case 2:
			g.w("class %sTests%d(unittest.TestCase):\n    def get_dummy_inputs(self, device, seed=0):\n        generator = torch.Generator(device=device).manual_seed(seed)\n        return {\"prompt\": \"a photo of an astronaut\", \"generator\": generator, \"num_inference_steps\": 2, \"output_type\": \"np\"}\n\n", name, k)
			g.w("    def test_inference(self):\n")
			if literal && k%8 == 2 {
				g.w("        pipe = %s.from_pretrained(\"%s\", torch_dtype=torch.float16)\n", name, g.id())
				g.planted++
			} else {
				g.w("        pipe = self.pipeline_class(**self.get_dummy_components())\n")
			}
			g.w("        image = pipe(**self.get_dummy_inputs(\"cpu\")).images\n        self.assertEqual(image.shape, (1, 64, 64, 3))\n        assert np.abs(image.flatten()[-3:] - np.array([0.43, 0.51, 0.47])).max() < 1e-3\n\n\n")
		case 3:
			if hub && k == 3 {
				g.w("def fetch_weights():\n    return hf_hub_download(repo_id=\"%s\", filename=\"diffusion_pytorch_model.safetensors\")\n\n\n", g.id())
				g.planted++
			}
			g.w("def retrieve_timesteps(scheduler, num_inference_steps: Optional[int] = None, device=None, **kwargs):\n")
			if docs {
				g.w("    \"\"\"\n    Calls the scheduler's `set_timesteps` method and retrieves timesteps from the scheduler after the call.\n    Handles custom timesteps; any kwargs go to `scheduler.set_timesteps`.\n    \"\"\"\n")
			}
			g.w("    accepts = \"timesteps\" in set(inspect.signature(scheduler.set_timesteps).parameters.keys())\n    if not accepts:\n        raise ValueError(f\"The current scheduler class {scheduler.__class__}'s `set_timesteps` does not support custom timesteps.\")\n    scheduler.set_timesteps(num_inference_steps, device=device, **kwargs)\n    return scheduler.timesteps, len(scheduler.timesteps)\n\n\n")
		}
	}
}

func (g *realGen) markdown() {
	target := g.size(4300)
	blocks, url := g.pct(62), g.pct(72)
	g.w("<!--Copyright 2025 The Bench Authors. All rights reserved.-->\n\n# %s\n\n", classes[g.rng.IntN(len(classes))])
	if url {
		g.w("The original checkpoints can be found under the [organization](https://huggingface.co/%s) page.\n\n", g.id())
		g.planted++
	}
	for k := 0; g.sb.Len() < target; k++ {
		g.w("## Section %d\n\nThis section explains how the model handles prompts, schedulers and guidance in prose. A model\nowner/name written in prose is not a reference, and neither is the word pipeline.\n\n", k)
		if blocks && k < 4 {
			g.w("```py\nimport torch\nfrom diffusers import DiffusionPipeline\n\npipeline = DiffusionPipeline.from_pretrained(\"%s\", torch_dtype=torch.float16).to(\"cuda\")\nimage = pipeline(\"An astronaut riding a horse\", num_inference_steps=30).images[0]\n```\n\n", g.id())
			g.planted++
		}
		g.w("> [!TIP]\n> Use `enable_model_cpu_offload` to save memory at the cost of speed.\n\n")
	}
}

func (g *realGen) other(kind string) {
	switch kind {
	case ".txt":
		g.w("torch>=2.0\naccelerate>=0.31\ntransformers>=4.41\nsafetensors\n")
	case ".yml":
		g.w("name: Fast tests\non:\n  pull_request:\n    branches: [main]\njobs:\n  tests:\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v4\n      - name: Install\n        run: |\n          python -m pip install -e .[quality,test]\n      - name: Run tests\n        run: python -m pytest -n 2 --max-worker-restart=0 tests/\n")
		if g.pct(30) {
			g.w("      - name: Warm the cache\n        run: huggingface-cli download %s --local-dir /tmp/weights\n", g.id())
			g.planted++
		}
	case "Dockerfile":
		g.w("FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y python3 python3-pip git\nRUN python3 -m pip install --no-cache-dir torch torchvision accelerate transformers\nCMD [\"/bin/bash\"]\n")
	case ".sh":
		g.w("#!/bin/bash\nset -e\nexport MODEL_NAME=\"%s\"\naccelerate launch train.py --pretrained_model_name_or_path=$MODEL_NAME --resolution=512 --train_batch_size=1\n", g.id())
		g.planted += 2 // the assignment and the flag
	case ".yaml":
		g.w("compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nmixed_precision: fp16\nnum_processes: 2\n")
	case ".json":
		g.w("{\n  \"_class_name\": \"UNet2DConditionModel\",\n  \"act_fn\": \"silu\",\n  \"in_channels\": 4,\n  \"sample_size\": 64,\n  \"layers_per_block\": 2\n}\n")
	case ".toml":
		g.w("[tool.ruff]\nline-length = 119\n\n[tool.ruff.lint]\nselect = [\"C\", \"E\", \"F\", \"I\", \"W\"]\n")
	case ".ipynb":
		g.w("{\"cells\": [")
		for k := range 40 {
			if k > 0 {
				g.w(",")
			}
			if k%10 == 3 {
				g.w("{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"source\": [\"from diffusers import DiffusionPipeline\\n\", \"pipe = DiffusionPipeline.from_pretrained(\\\"%s\\\")\\n\"]}", g.id())
				g.planted++
				continue
			}
			g.w("{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": [\"## Step %d\\n\", \"We run the model on a batch of prompts and look at the images.\\n\"]}", k)
			g.w(",{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [{\"output_type\": \"stream\", \"text\": [\"%s\\n\"]}], \"source\": [\"images = pipe(prompts, num_inference_steps=25).images\\n\", \"grid = make_image_grid(images, rows=2, cols=2)\\n\"]}", strings.Repeat("100%|##########| 25/25 [00:03<00:00,  7.1it/s] ", 20))
		}
		g.w("], \"metadata\": {\"kernelspec\": {\"name\": \"python3\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}\n")
	case ".png":
		g.w("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR%s", strings.Repeat("\x00\x10\x20\x30", 4000))
	}
}

// realistic writes the tree and returns how many references discovery
// must find in it (with documentation).
func realistic(out string, files int) int {
	g := &realGen{rng: rand.New(rand.NewPCG(3, 4)), pool: max(files*834/2845, 1)}
	areas := []string{"src/bench/models", "src/bench/pipelines", "src/bench/schedulers", "tests/pipelines", "tests/models", "examples", "docs/source/en", "scripts", "utils"}
	for i := range files {
		kind := kinds[(i*7919)%len(kinds)]
		// About 6.6 files per directory, as in diffusers (2,845 files, 433
		// directories): seven consecutive files share one.
		d := i / 7
		area := areas[d%len(areas)]
		switch kind {
		case ".md":
			area = "docs/source/en"
		case ".yml":
			area = ".github/workflows"
		}
		dir := filepath.Join(out, filepath.FromSlash(area), fmt.Sprintf("group%02d", (d/len(areas))%40), fmt.Sprintf("mod%03d", d/len(areas)/40))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fail(err)
		}
		g.sb.Reset()
		switch kind {
		case ".py":
			g.python()
		case ".md":
			g.markdown()
		default:
			g.other(kind)
		}
		name := fmt.Sprintf("f%06d%s", i, kind)
		if kind == "Dockerfile" {
			name = filepath.Join(fmt.Sprintf("docker%06d", i), "Dockerfile")
			if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
				fail(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(g.sb.String()), 0o644); err != nil {
			fail(err)
		}
	}
	return g.planted
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
