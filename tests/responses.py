"""Reading answers in tests, whether the view streamed them (the API's full answers, exports) or not."""

import json


def response_body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def response_json(response):
    return json.loads(response_body(response))
