using System.Text.Json;
using AotSuite.Http.Writing;

namespace AotSuite.Web;

/// <summary>RFC 9457 problem details: <c>{"type","title","status","detail","field"}</c>; the exception only in development.</summary>
internal static class Problem
{
    public static void Write(Utf8JsonWriter writer, int status, string? detail, string? field, Exception? exception)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "about:blank"u8);
        writer.WriteString("title"u8, ReasonPhrases.For(status));
        writer.WriteNumber("status"u8, status);
        if (detail is not null) writer.WriteString("detail"u8, detail);
        if (field is not null) writer.WriteString("field"u8, field);
        if (exception is not null)
        {
            writer.WriteString("exception"u8, exception.GetType().FullName);
            writer.WriteString("message"u8, exception.Message);
            writer.WriteString("stack"u8, exception.StackTrace);
        }
        writer.WriteEndObject();
    }
}
