package dev.readygate.protocol.http;

/** The response of one hop: its head and its body as read (cut at the cap when truncated). */
record Response(HeadReader.Head head, byte[] body, boolean truncated) {
}
