using System.Text.Json.Serialization;

namespace AotSuite.Json.Tests;

public enum Color { Red, DarkBlue }

[JsonModel]
public sealed partial record Point(int X, int Y);

[JsonModel]
public sealed partial class Shape
{
    public required string Name { get; init; }
    public Color Color { get; set; } = Color.DarkBlue;
    public List<Point> Points { get; set; } = [];
    public Point? Center { get; set; }
    public Dictionary<string, double> Weights { get; set; } = [];
    public int[] Layers { get; init; } = [7];
    public DateOnly? Due { get; set; }
    public DateTimeOffset Created { get; set; }
    public Guid Id { get; set; }
    public decimal Price { get; set; }
    public TimeSpan Ttl { get; set; }
    public long Big { get; set; }
    public bool Visible { get; set; }
    public string? Note { get; set; }
    [JsonPropertyName("z-index")] public int ZIndex { get; set; }
    [JsonIgnore] public string Cache { get; set; } = "untouched";
}

[JsonModel(OmitNulls = true)]
public sealed partial class Sparse
{
    public string? A { get; set; }
    public int? B { get; set; }
}
