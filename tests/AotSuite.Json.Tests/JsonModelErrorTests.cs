namespace AotSuite.Json.Tests;

public class JsonModelErrorTests
{
    private static JsonModelException Fails<T>(string json) where T : IJsonModel<T> =>
        Assert.Throws<JsonModelException>(() => JsonModel.Deserialize<T>(System.Text.Encoding.UTF8.GetBytes(json), "shape.json"));

    [Test]
    public async Task Names_the_path_line_and_column_of_a_value_of_the_wrong_type()
    {
        var error = Fails<Shape>("{\n  \"name\": \"x\",\n  \"points\": [{\"x\": 1, \"y\": 2}, {\"x\": \"one\", \"y\": 2}]\n}");
        await Assert.That(error.Path).IsEqualTo("$.points[1].x");
        await Assert.That(error.Line).IsEqualTo(3);
        await Assert.That(error.Column).IsEqualTo(38);
        await Assert.That(error.Message).IsEqualTo("shape.json:3:38: expected an integer, found the string \"one\" (at $.points[1].x)");
    }

    [Test]
    public async Task Names_a_missing_required_property()
    {
        var error = Fails<Shape>("""{"color":"red"}""");
        await Assert.That(error.Path).IsEqualTo("$.name");
        await Assert.That(error.Reason).IsEqualTo("required property is missing");
    }

    [Test]
    public async Task Names_a_missing_constructor_argument_of_a_nested_record()
    {
        var error = Fails<Shape>("""{"name":"x","center":{"x":1}}""");
        await Assert.That(error.Path).IsEqualTo("$.center.y");
    }

    [Test]
    public async Task Refuses_null_for_a_non_nullable_property()
    {
        var error = Fails<Shape>("""{"name":null}""");
        await Assert.That(error.Message).IsEqualTo("shape.json:1:9: null is not allowed here (at $.name)");
    }

    [Test]
    public async Task Names_the_dictionary_key_of_a_bad_value()
    {
        var error = Fails<Shape>("""{"name":"x","weights":{"heavy":"lots"}}""");
        await Assert.That(error.Path).IsEqualTo("$.weights.heavy");
    }

    [Test]
    public async Task Rejects_an_enum_name_it_does_not_know_and_lists_the_ones_it_does()
    {
        var error = Fails<Shape>("""{"name":"x","color":"green"}""");
        await Assert.That(error.Reason).IsEqualTo("expected one of 'red', 'darkBlue', found the string \"green\"");
    }

    [Test]
    [Arguments("{\"name\":\"x\",", "malformed JSON")]
    [Arguments("", "malformed JSON")]
    [Arguments("{\"name\":\"x\"} []", "malformed JSON")]
    [Arguments("[1,2]", "expected an object, found an array")]
    [Arguments("{\"name\":\"x\",\"due\":\"24/12/2026\"}", "expected a date string (yyyy-MM-dd), found the string \"24/12/2026\"")]
    public async Task Reports_malformed_or_misshapen_documents_with_their_place(string json, string reason)
    {
        var error = Fails<Shape>(json);
        await Assert.That(error.Message).StartsWith("shape.json:");
        await Assert.That(error.Message).Contains(reason);
    }
}
