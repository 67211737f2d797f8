from modelscope import snapshot_download
from modelscope.pipelines import pipeline
from funasr import AutoModel
import dashscope
from zhipuai import ZhipuAI

model_dir = snapshot_download("qwen/Qwen2-7B-Instruct")
asr = AutoModel(model="iic/SenseVoiceSmall", vad_model="fsmn-vad")
seg = pipeline("word-segmentation", model="damo/nlp_structbert_word-segmentation_chinese-base")

resp = dashscope.Generation.call(model="qwen-max", prompt="hello")
zclient = ZhipuAI(api_key="...")
zclient.chat.completions.create(model="glm-4-plus", messages=[])
