namespace AotSuite.Json.Generators.Model;

internal enum JsonTypeKind
{
    String,
    Boolean,
    Int32,
    Int64,
    Double,
    Single,
    Decimal,
    Guid,
    DateTimeOffset,
    DateTime,
    DateOnly,
    TimeSpan,
    Enum,
    Model,
    List,
    Array,
    Dictionary,
    NullableValue,
}
