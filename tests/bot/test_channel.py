"""The REST channel keeps each reply whole: one answer, one message, sources included."""

from __future__ import annotations

import asyncio

from channels.whole_messages import WholeMessagesOutput


def test_a_reply_with_paragraphs_stays_one_message() -> None:
    output = WholeMessagesOutput()
    answer = (
        "**Next step: talk to the SENCO**\n\nAsk to speak to the SENCO.\n\nSource: Council guide"
    )

    asyncio.run(output.send_text_message("parent", answer))
    asyncio.run(output.send_text_with_buttons("parent", "Anything else?", [{"title": "No"}]))

    assert [m["text"] for m in output.messages] == [answer, "Anything else?"]
    assert output.messages[1]["buttons"] == [{"title": "No"}]
