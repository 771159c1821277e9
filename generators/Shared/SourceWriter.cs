using System;
using System.Text;

namespace AotSuite.Generators;

/// <summary>Indented text for generated source; blocks close themselves through <see cref="Block"/>.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder builder = new();
    private int indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0) builder.Append(' ', indent * 4).Append(text);
        builder.Append('\n');
        return this;
    }

    public IDisposable Block(string header)
    {
        Line(header);
        Line("{");
        indent++;
        return new Closer(this, "}");
    }

    public IDisposable Block(string header, string closer)
    {
        Line(header);
        Line("{");
        indent++;
        return new Closer(this, closer);
    }

    public void Indent() => indent++;

    public void Outdent() => indent--;

    public override string ToString() => builder.ToString();

    private sealed class Closer(SourceWriter writer, string text) : IDisposable
    {
        public void Dispose()
        {
            writer.indent--;
            writer.Line(text);
        }
    }
}
