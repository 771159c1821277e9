using System.Collections.Generic;
using AotSuite.Generators;
using AotSuite.Logging.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace AotSuite.Logging.Generators.Emitting;

/// <summary>Writes the body of one [Log] method from its model alone: level check, message, fields, commit.</summary>
internal static class LogMethodEmitter
{
    private const string LogLevel = "global::Microsoft.Extensions.Logging.LogLevel";
    private static readonly string Attributes = GeneratedCode.Attributes("AotSuite.Logging.Generators");

    public static string Emit(LogMethodSpec model)
    {
        var w = new SourceWriter();
        w.Line(GeneratedCode.Header);
        var scopes = new List<System.IDisposable>();
        if (model.Namespace is not null) scopes.Add(w.Block($"namespace {model.Namespace}"));
        foreach (var declaration in model.ContainingDeclarations) scopes.Add(w.Block(declaration));

        w.Line(Attributes);
        using (w.Block(model.Signature))
        {
            var level = $"{LogLevel}.{model.Level}";
            w.Line($"var __logger = {model.Logger};");
            w.Line($"if (!__logger.IsEnabled({level})) return;");
            w.Line($"var __entry = __logger.Begin({level});");
            w.Line("__entry.BeginMessage();");
            foreach (var part in model.Message)
            {
                if (part.Text is not null) w.Line($"__entry.Text({Utf8(part.Text)});");
                else MessageValue(w, part.Value!, part.Format);
            }
            w.Line("__entry.EndMessage();");
            if (model.EventId != 0) w.Line($"__entry.FieldNumber(\"eventId\"u8, {model.EventId});");
            foreach (var field in model.Fields) Field(w, field);
            w.Line("__entry.Commit();");
        }

        for (var i = scopes.Count - 1; i >= 0; i--) scopes[i].Dispose();
        return w.ToString();
    }

    private static void MessageValue(SourceWriter w, LogValue value, string? format)
    {
        var expression = value.IsNullableValue ? $"{value.Expression}.GetValueOrDefault()" : value.Expression;
        var call = value.Kind switch
        {
            LogValueKind.String => $"__entry.MessageString({expression});",
            LogValueKind.Bool => $"__entry.MessageBool({expression});",
            LogValueKind.Enum => $"__entry.MessageEnum({expression});",
            LogValueKind.Exception => $"__entry.MessageException({expression});",
            LogValueKind.Date when format is null => $"__entry.MessageValue({expression}, \"O\");",
            _ when format is not null => $"__entry.MessageValue({expression}, {Literal(format)});",
            _ => $"__entry.MessageValue({expression});",
        };
        if (value.IsNullableValue || (value.CanBeNull && value.Kind is not (LogValueKind.String or LogValueKind.Exception)))
        {
            var test = value.IsNullableValue ? $"{value.Expression}.HasValue" : $"{value.Expression} is not null";
            w.Line($"if ({test}) {call}");
            w.Line("else __entry.Text(\"null\"u8);");
            return;
        }
        w.Line(call);
    }

    private static void Field(SourceWriter w, LogField field)
    {
        var key = Utf8(field.Key);
        var value = field.Value;
        var expression = value.IsNullableValue ? $"{value.Expression}.GetValueOrDefault()" : value.Expression;
        var call = value.Kind switch
        {
            LogValueKind.String => $"__entry.FieldString({key}, {expression});",
            LogValueKind.Bool => $"__entry.FieldBool({key}, {expression});",
            LogValueKind.Number => $"__entry.FieldNumber({key}, {expression});",
            LogValueKind.Double => $"__entry.FieldDouble({key}, {expression});",
            LogValueKind.Single => $"__entry.FieldSingle({key}, {expression});",
            LogValueKind.Date => $"__entry.FieldValue({key}, {expression}, \"O\");",
            LogValueKind.Enum => $"__entry.FieldEnum({key}, {expression});",
            LogValueKind.Exception => $"__entry.FieldException({key}, {expression});",
            LogValueKind.Object => $"__entry.FieldObject({key}, {expression});",
            LogValueKind.Json => $"__entry.FieldJson({key}, {expression});",
            _ => $"__entry.FieldValue({key}, {expression});",
        };
        if (value.IsNullableValue)
        {
            w.Line($"if ({value.Expression}.HasValue) {call}");
            w.Line($"else __entry.FieldNull({key});");
            return;
        }
        w.Line(call);
    }

    private static string Utf8(string text) => SymbolDisplay.FormatLiteral(text, quote: true) + "u8";

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);
}
