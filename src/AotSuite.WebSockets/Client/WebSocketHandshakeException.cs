namespace AotSuite.WebSockets.Client;

/// <summary>The server did not accept the opening handshake; the message says what it answered instead.</summary>
public sealed class WebSocketHandshakeException(string message) : Exception(message);
