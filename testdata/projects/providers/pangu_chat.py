from huaweicloudsdkpangulargemodels.v2 import PanguLargeModelsClient, ExecuteChatCompletionRequest, ChatCompletionReq, Message
from huaweicloudsdkpangulargemodels.v2.region.pangulargemodels_region import PanguLargeModelsRegion

client = PanguLargeModelsClient.new_builder().with_region(PanguLargeModelsRegion.value_of("cn-southwest-2")).build()
request = ExecuteChatCompletionRequest(pool_id="pool-01", deployment_id="3f6c2d1e-8a4b-4c7d-9e0f-1a2b3c4d5e6f",
                                       body=ChatCompletionReq(messages=[Message(role="user", content="hi")]))
response = client.execute_chat_completion(request)
