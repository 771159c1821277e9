using System.Text;

namespace AotSuite.Json.Tests;

public class JsonModelRoundTripTests
{
    private static Shape Sample() => new()
    {
        Name = "kite \"☂\"",
        Color = Color.Red,
        Points = [new Point(1, 2), new Point(-3, 4)],
        Center = new Point(0, 0),
        Weights = new() { ["a"] = 0.5, ["b c"] = 2 },
        Layers = [1, 2, 3],
        Due = new DateOnly(2026, 12, 24),
        Created = new DateTimeOffset(2026, 11, 24, 4, 0, 0, TimeSpan.FromHours(1)),
        Id = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
        Price = 19.99m,
        Ttl = TimeSpan.FromMinutes(90),
        Big = long.MaxValue,
        Visible = true,
        Note = null,
        ZIndex = 3,
        Cache = "not written",
    };

    [Test]
    public async Task Writes_camelCase_names_enum_strings_and_iso_dates()
    {
        var json = Encoding.UTF8.GetString(JsonModel.SerializeToUtf8Bytes(Sample()));
        await Assert.That(json).IsEqualTo(
            """{"name":"kite \u0022\u2602\u0022","color":"red","points":[{"x":1,"y":2},{"x":-3,"y":4}],"center":{"x":0,"y":0},"weights":{"a":0.5,"b c":2},"layers":[1,2,3],"due":"2026-12-24","created":"2026-11-24T04:00:00+01:00","id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","price":19.99,"ttl":"01:30:00","big":9223372036854775807,"visible":true,"note":null,"z-index":3}""");
    }

    [Test]
    public async Task Reads_back_what_it_wrote()
    {
        var original = Sample();
        var copy = JsonModel.Deserialize<Shape>(JsonModel.SerializeToUtf8Bytes(original));
        await Assert.That(copy.Name).IsEqualTo(original.Name);
        await Assert.That(copy.Color).IsEqualTo(Color.Red);
        await Assert.That(copy.Points).IsEquivalentTo(original.Points);
        await Assert.That(copy.Center).IsEqualTo(new Point(0, 0));
        await Assert.That(copy.Weights["b c"]).IsEqualTo(2.0);
        await Assert.That(copy.Layers).IsEquivalentTo(new[] { 1, 2, 3 });
        await Assert.That(copy.Due).IsEqualTo(new DateOnly(2026, 12, 24));
        await Assert.That(copy.Created).IsEqualTo(original.Created);
        await Assert.That(copy.Id).IsEqualTo(original.Id);
        await Assert.That(copy.Price).IsEqualTo(19.99m);
        await Assert.That(copy.Ttl).IsEqualTo(TimeSpan.FromMinutes(90));
        await Assert.That(copy.Big).IsEqualTo(long.MaxValue);
        await Assert.That(copy.Visible).IsTrue();
        await Assert.That(copy.ZIndex).IsEqualTo(3);
        await Assert.That(copy.Cache).IsEqualTo("untouched");
    }

    [Test]
    public async Task Keeps_property_defaults_when_the_json_leaves_them_out()
    {
        var shape = JsonModel.Deserialize<Shape>("""{"name":"x"}"""u8);
        await Assert.That(shape.Color).IsEqualTo(Color.DarkBlue);
        await Assert.That(shape.Layers).IsEquivalentTo(new[] { 7 });
        await Assert.That(shape.Points).IsEmpty();
    }

    [Test]
    public async Task Skips_unknown_properties_and_accepts_enum_names_and_numbers()
    {
        var shape = JsonModel.Deserialize<Shape>("""{"extra":{"deep":[1,{"x":2}]},"name":"x","color":"DarkBlue"}"""u8);
        await Assert.That(shape.Color).IsEqualTo(Color.DarkBlue);
        var numbered = JsonModel.Deserialize<Shape>("""{"name":"x","color":0}"""u8);
        await Assert.That(numbered.Color).IsEqualTo(Color.Red);
    }

    [Test]
    public async Task Leaves_out_null_properties_when_asked()
    {
        var json = Encoding.UTF8.GetString(JsonModel.SerializeToUtf8Bytes(new Sparse { B = 2 }));
        await Assert.That(json).IsEqualTo("""{"b":2}""");
    }

    [Test]
    public async Task Writes_indented_json_on_request()
    {
        var json = Encoding.UTF8.GetString(JsonModel.SerializeToUtf8Bytes(new Point(1, 2), indented: true));
        await Assert.That(json).IsEqualTo("{\n  \"x\": 1,\n  \"y\": 2\n}");
    }
}
