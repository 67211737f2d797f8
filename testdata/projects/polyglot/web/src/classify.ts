import { pipeline } from "@huggingface/transformers";
import { HfInference } from "@huggingface/inference";
import OpenAI from "openai";

const EMBED_MODEL = "Xenova/all-MiniLM-L6-v2";

// const old = await pipeline("sentiment-analysis", "Xenova/old-model");
export async function classify(text: string) {
  const clf = await pipeline("sentiment-analysis", "Xenova/distilbert-base-uncased-finetuned-sst-2-english");
  const embed = await pipeline("feature-extraction", EMBED_MODEL);
  const hf = new HfInference(process.env.HF_TOKEN);
  await hf.textGeneration({ model: "google/flan-t5-xxl", inputs: text });
  const openai = new OpenAI();
  await openai.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "user", content: `say ${text}` }],
  });
  const re = /model: "not-a-model\/really"/;
  return [clf, embed, re];
}
