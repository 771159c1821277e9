using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace AotSuite.Generators.Json;

/// <summary>
/// Writes the reader and writer of one JSON object type: static <c>WriteJson</c> and <c>ReadJson</c> plus their helpers,
/// as members of whatever type the caller opened (the model itself, or a codec beside it). Works from the spec alone.
/// </summary>
internal sealed class JsonObjectEmitter(string generator)
{
    private const string ValueReader = "global::AotSuite.Json.JsonValueReader";
    private const string ValueWriter = "global::AotSuite.Json.JsonValueWriter";
    private const string ModelException = "global::AotSuite.Json.JsonModelException";
    private const string Token = "global::System.Text.Json.JsonTokenType";
    private const string Writer = "global::System.Text.Json.Utf8JsonWriter";
    private const string Reader = "global::System.Text.Json.Utf8JsonReader";
    private readonly string attributes = GeneratedCode.Attributes(generator);

    /// <summary>The members, inside a type declaration the caller has opened.</summary>
    public void EmitMembers(SourceWriter w, JsonObjectSpec model)
    {
        var enums = new EnumTable(this, model.Properties.Select(static p => p.Type));
        EmitNames(w, model);
        EmitWriter(w, model, enums);
        EmitReader(w, model, enums);
        enums.EmitHelpers(w);
    }

    private void EmitNames(SourceWriter w, JsonObjectSpec model)
    {
        w.Line(attributes);
        using (w.Block("private static class __JsonNames"))
        {
            foreach (var property in model.Properties)
            {
                w.Line($"public static readonly global::System.Text.Json.JsonEncodedText {property.Name} = global::System.Text.Json.JsonEncodedText.Encode({Literal(property.JsonName)});");
            }
        }
        w.Line();
    }

    private void EmitWriter(SourceWriter w, JsonObjectSpec model, EnumTable enums)
    {
        w.Line("/// <summary>Writes the value as one JSON object (generated).</summary>");
        w.Line(attributes);
        using (w.Block($"public static void WriteJson({Writer} writer, {model.FullName} value)"))
        {
            w.Line("writer.WriteStartObject();");
            foreach (var property in model.Properties)
            {
                var access = $"value.{property.Name}";
                var omit = model.OmitNulls && (property.Type.CanBeNull || property.Type.Kind == JsonTypeKind.NullableValue);
                var scope = omit ? w.Block($"if ({access} is not null)") : null;
                w.Line($"writer.WritePropertyName(__JsonNames.{property.Name});");
                WriteValue(w, property.Type, access, 0, enums, knownNotNull: omit);
                scope?.Dispose();
            }
            w.Line("writer.WriteEndObject();");
        }
        w.Line();
    }

    private static void WriteValue(SourceWriter w, JsonTypeRef type, string value, int depth, EnumTable enums, bool knownNotNull = false)
    {
        var nullCheck = !knownNotNull && type.CanBeNull && type.Kind is JsonTypeKind.Model or JsonTypeKind.List or JsonTypeKind.IndexedList or JsonTypeKind.Array or JsonTypeKind.Dictionary;
        if (nullCheck)
        {
            using (w.Block($"if ({value} is null)")) w.Line("writer.WriteNullValue();");
            w.Line("else");
            w.Line("{");
            w.Indent();
        }

        switch (type.Kind)
        {
            case JsonTypeKind.String:
            case JsonTypeKind.Guid:
            case JsonTypeKind.DateTimeOffset:
            case JsonTypeKind.DateTime:
                w.Line($"writer.WriteStringValue({value});");
                break;
            case JsonTypeKind.Boolean:
                w.Line($"writer.WriteBooleanValue({value});");
                break;
            case JsonTypeKind.Int32:
            case JsonTypeKind.Int64:
            case JsonTypeKind.Double:
            case JsonTypeKind.Single:
            case JsonTypeKind.Decimal:
                w.Line($"writer.WriteNumberValue({value});");
                break;
            case JsonTypeKind.DateOnly:
                w.Line($"{ValueWriter}.WriteDateOnly(writer, {value});");
                break;
            case JsonTypeKind.TimeSpan:
                w.Line($"{ValueWriter}.WriteTimeSpan(writer, {value});");
                break;
            case JsonTypeKind.Enum:
                w.Line($"{enums.WriterOf(type)}(writer, {value});");
                break;
            case JsonTypeKind.Model:
                w.Line($"{type.Codec ?? Bare(type.FullName)}.WriteJson(writer, {value});");
                break;
            case JsonTypeKind.NullableValue when knownNotNull:
                WriteValue(w, type.Element!, $"{value}.GetValueOrDefault()", depth + 1, enums);
                break;
            case JsonTypeKind.NullableValue:
                // HasValue/GetValueOrDefault rather than a pattern variable: two nullable properties would share its scope.
                using (w.Block($"if ({value}.HasValue)")) WriteValue(w, type.Element!, $"{value}.GetValueOrDefault()", depth + 1, enums);
                w.Line("else");
                w.Line("{");
                w.Line("    writer.WriteNullValue();");
                w.Line("}");
                break;
            case JsonTypeKind.List:
            case JsonTypeKind.Array:
                w.Line("writer.WriteStartArray();");
                using (w.Block($"foreach (var item{depth} in {value})")) WriteValue(w, type.Element!, $"item{depth}", depth + 1, enums);
                w.Line("writer.WriteEndArray();");
                break;
            case JsonTypeKind.IndexedList:
                w.Line("writer.WriteStartArray();");
                using (w.Block($"for (var i{depth} = 0; i{depth} < {value}.Count; i{depth}++)")) WriteValue(w, type.Element!, $"{value}[i{depth}]", depth + 1, enums);
                w.Line("writer.WriteEndArray();");
                break;
            case JsonTypeKind.Dictionary:
                w.Line("writer.WriteStartObject();");
                using (w.Block($"foreach (var entry{depth} in {value})"))
                {
                    w.Line($"writer.WritePropertyName(entry{depth}.Key);");
                    WriteValue(w, type.Element!, $"entry{depth}.Value", depth + 1, enums);
                }
                w.Line("writer.WriteEndObject();");
                break;
        }

        if (nullCheck)
        {
            w.Outdent();
            w.Line("}");
        }
    }

    private void EmitReader(SourceWriter w, JsonObjectSpec model, EnumTable enums)
    {
        var readable = model.Properties.Where(static p => p.SetMode != JsonSetMode.None).ToList();
        w.Line("/// <summary>Reads one JSON object (generated); errors name the JSON path.</summary>");
        w.Line(attributes);
        using (w.Block($"public static {model.FullName} ReadJson(ref {Reader} reader)"))
        {
            w.Line($"{ValueReader}.Expect(ref reader, {Token}.StartObject, \"an object\");");
            foreach (var property in readable)
            {
                w.Line($"{property.Type.FullName} p_{property.Name} = default!;");
                w.Line($"bool has_{property.Name} = false;");
            }

            using (w.Block("while (true)"))
            {
                w.Line($"{ValueReader}.Next(ref reader);");
                w.Line($"if (reader.TokenType == {Token}.EndObject) break;");
                var first = true;
                foreach (var property in readable)
                {
                    using (w.Block($"{(first ? "" : "else ")}if (reader.ValueTextEquals({Literal(property.JsonName)}u8))"))
                    {
                        w.Line($"{ValueReader}.Next(ref reader);");
                        using (w.Block("try")) ReadValue(w, property.Type, $"p_{property.Name}", 0, enums);
                        using (w.Block($"catch ({ModelException} e)")) w.Line($"throw e.InProperty({Literal(property.JsonName)});");
                        w.Line($"has_{property.Name} = true;");
                    }
                    first = false;
                }

                // Unknown properties are skipped, as System.Text.Json does by default: newer writers stay readable.
                using (w.Block(first ? "" : "else"))
                {
                    w.Line($"{ValueReader}.Next(ref reader);");
                    w.Line("reader.Skip();");
                }
            }

            foreach (var property in readable.Where(static p => p.IsRequired))
            {
                w.Line($"if (!has_{property.Name}) throw {ValueReader}.Missing({Literal(property.JsonName)});");
            }

            var byName = readable.ToDictionary(static p => p.Name);
            var arguments = string.Join(", ", model.ConstructorArguments.Select(name => Supplied(byName[name])));
            var initializers = readable.Where(static p => p.SetMode == JsonSetMode.Initializer).ToList();
            if (initializers.Count == 0)
            {
                w.Line($"var result = new {model.FullName}({arguments});");
            }
            else
            {
                using (w.Block($"var result = new {model.FullName}({arguments})", "};"))
                {
                    foreach (var property in initializers) w.Line($"{property.Name} = {Supplied(property)},");
                }
            }

            foreach (var property in readable.Where(static p => p.SetMode == JsonSetMode.Assign))
            {
                w.Line($"if (has_{property.Name}) result.{property.Name} = p_{property.Name};");
            }
            w.Line("return result;");
        }
    }

    private static string Supplied(JsonPropertySpec property) =>
        property.MissingValue is null ? $"p_{property.Name}" : $"has_{property.Name} ? p_{property.Name} : {property.MissingValue}";

    private static void ReadValue(SourceWriter w, JsonTypeRef type, string target, int depth, EnumTable enums)
    {
        if (type.CanBeNull || type.Kind == JsonTypeKind.NullableValue)
        {
            w.Line($"if (reader.TokenType == {Token}.Null) {target} = null;");
            w.Line("else");
            w.Line("{");
            w.Indent();
            ReadNonNull(w, type, target, depth, enums);
            w.Outdent();
            w.Line("}");
            return;
        }

        if (type.Kind is JsonTypeKind.String or JsonTypeKind.Model or JsonTypeKind.List or JsonTypeKind.IndexedList or JsonTypeKind.Array or JsonTypeKind.Dictionary)
        {
            w.Line($"if (reader.TokenType == {Token}.Null) throw {ValueReader}.NullNotAllowed();");
        }
        ReadNonNull(w, type, target, depth, enums);
    }

    private static void ReadNonNull(SourceWriter w, JsonTypeRef type, string target, int depth, EnumTable enums)
    {
        switch (type.Kind)
        {
            case JsonTypeKind.Enum:
                w.Line($"{target} = {enums.ReaderOf(type)}(ref reader);");
                break;
            case JsonTypeKind.Model:
                w.Line($"{target} = {type.Codec ?? Bare(type.FullName)}.ReadJson(ref reader);");
                break;
            case JsonTypeKind.NullableValue:
                ReadNonNull(w, type.Element!, target, depth, enums);
                break;
            case JsonTypeKind.List:
            case JsonTypeKind.IndexedList:
            case JsonTypeKind.Array:
            {
                var list = $"list{depth}";
                var item = $"item{depth}";
                w.Line($"{ValueReader}.Expect(ref reader, {Token}.StartArray, \"an array\");");
                w.Line($"var {list} = new global::System.Collections.Generic.List<{type.Element!.FullName}>();");
                using (w.Block("while (true)"))
                {
                    w.Line($"{ValueReader}.Next(ref reader);");
                    w.Line($"if (reader.TokenType == {Token}.EndArray) break;");
                    w.Line($"{type.Element.FullName} {item};");
                    using (w.Block("try")) ReadValue(w, type.Element, item, depth + 1, enums);
                    using (w.Block($"catch ({ModelException} e{depth})")) w.Line($"throw e{depth}.AtIndex({list}.Count);");
                    w.Line($"{list}.Add({item});");
                }
                w.Line(type.Kind == JsonTypeKind.Array ? $"{target} = {list}.ToArray();" : $"{target} = {list};");
                break;
            }
            case JsonTypeKind.Dictionary:
            {
                var map = $"map{depth}";
                var key = $"key{depth}";
                var item = $"item{depth}";
                w.Line($"{ValueReader}.Expect(ref reader, {Token}.StartObject, \"an object\");");
                w.Line($"var {map} = new global::System.Collections.Generic.Dictionary<string, {type.Element!.FullName}>();");
                using (w.Block("while (true)"))
                {
                    w.Line($"{ValueReader}.Next(ref reader);");
                    w.Line($"if (reader.TokenType == {Token}.EndObject) break;");
                    w.Line($"var {key} = reader.GetString()!;");
                    w.Line($"{ValueReader}.Next(ref reader);");
                    w.Line($"{type.Element.FullName} {item};");
                    using (w.Block("try")) ReadValue(w, type.Element, item, depth + 1, enums);
                    using (w.Block($"catch ({ModelException} e{depth})")) w.Line($"throw e{depth}.InProperty({key});");
                    w.Line($"{map}[{key}] = {item};");
                }
                w.Line($"{target} = {map};");
                break;
            }
            default:
                w.Line($"{target} = {ValueReader}.Read{type.Kind}(ref reader);");
                break;
        }
    }

    private static string Bare(string fullName) => fullName.TrimEnd('?');

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    /// <summary>One writer and one reader helper per enum type the model uses, however deeply.</summary>
    private sealed class EnumTable
    {
        private readonly List<JsonTypeRef> enums = [];
        private readonly string attributes;

        public EnumTable(JsonObjectEmitter emitter, IEnumerable<JsonTypeRef> types)
        {
            attributes = emitter.attributes;
            foreach (var type in types) Collect(type);
        }

        public string WriterOf(JsonTypeRef type) => $"__WriteEnum{IndexOf(type)}";

        public string ReaderOf(JsonTypeRef type) => $"__ReadEnum{IndexOf(type)}";

        private int IndexOf(JsonTypeRef type) => enums.FindIndex(e => e.FullName == type.FullName);

        private void Collect(JsonTypeRef? type)
        {
            for (; type is not null; type = type.Element)
            {
                if (type.Kind == JsonTypeKind.Enum && IndexOf(type) < 0) enums.Add(type);
            }
        }

        public void EmitHelpers(SourceWriter w)
        {
            for (var i = 0; i < enums.Count; i++)
            {
                var type = enums[i];
                var expected = "one of " + string.Join(", ", type.EnumMembers.Select(static m => $"'{m.JsonName}'"));
                w.Line();
                w.Line(attributes);
                using (w.Block($"private static void __WriteEnum{i}({Writer} writer, {type.FullName} value)"))
                using (w.Block("switch (value)"))
                {
                    foreach (var member in type.EnumMembers)
                    {
                        w.Line($"case {type.FullName}.{member.Name}: writer.WriteStringValue({Literal(member.JsonName)}u8); return;");
                    }
                    // A value outside the declared names (a flags combination, a cast) round-trips as its number.
                    w.Line("default: writer.WriteNumberValue((long)value); return;");
                }
                w.Line();
                w.Line(attributes);
                using (w.Block($"private static {type.FullName} __ReadEnum{i}(ref {Reader} reader)"))
                {
                    w.Line($"if (reader.TokenType == {Token}.Number) return ({type.FullName}){ValueReader}.ReadInt64(ref reader);");
                    w.Line($"{ValueReader}.Expect(ref reader, {Token}.String, {Literal(expected)});");
                    foreach (var member in type.EnumMembers)
                    {
                        var names = member.JsonName == member.Name
                            ? $"reader.ValueTextEquals({Literal(member.JsonName)}u8)"
                            : $"reader.ValueTextEquals({Literal(member.JsonName)}u8) || reader.ValueTextEquals({Literal(member.Name)}u8)";
                        w.Line($"if ({names}) return {type.FullName}.{member.Name};");
                    }
                    w.Line($"throw {ValueReader}.Unexpected(ref reader, {Literal(expected)});");
                }
            }
        }
    }
}
