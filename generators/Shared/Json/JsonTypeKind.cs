namespace AotSuite.Generators.Json;

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
    /// <summary>Any sequence written with foreach (List&lt;T&gt;'s struct enumerator, or IEnumerable&lt;T&gt;).</summary>
    List,
    /// <summary>IList&lt;T&gt;/IReadOnlyList&lt;T&gt;: written by index, since foreach over the interface boxes its enumerator.</summary>
    IndexedList,
    Array,
    Dictionary,
    NullableValue,
}
