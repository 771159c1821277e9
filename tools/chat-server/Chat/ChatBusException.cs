namespace AotSuite.Tools.ChatServer.Chat;

/// <summary>The bus could not store or read lines (the database is down): the client is told, the server keeps serving.</summary>
internal sealed class ChatBusException(string message, Exception? inner = null) : Exception(message, inner);
