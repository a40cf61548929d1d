using System.Text.Json.Nodes;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Audit;
using LfrAudit.Governance.Audit.Vocabulary;

namespace LfrAudit.Core.Tests.Audit;

public class CanonicalJsonTests
{
    [Fact]
    public void Members_are_sorted_and_there_is_no_whitespace()
    {
        var node = JsonNode.Parse("""{ "b": 1, "a": { "z": true, "y": null }, "A": [3, "x"] }""");
        Assert.Equal("""{"A":[3,"x"],"a":{"y":null,"z":true},"b":1}""", CanonicalJson.EncodeToString(node));
    }

    [Fact]
    public void The_same_content_encodes_the_same_whatever_its_layout()
    {
        var a = JsonNode.Parse("{\"x\":\"é\\u00e9\",\"n\":-12}");
        var b = JsonNode.Parse("{ \"n\" : -12 ,\n \"x\" : \"éé\" }");
        Assert.Equal(CanonicalJson.Encode(a), CanonicalJson.Encode(b));
    }

    [Fact]
    public void Strings_are_escaped_minimally()
    {
        var s = CanonicalJson.EncodeToString(JsonValue.Create("q\"b\\n\nt\tc\u0001é/"));
        Assert.Equal("\"q\\\"b\\\\n\\nt\\tc\\u0001é/\"", s);
    }

    [Fact]
    public void Fractions_are_refused_so_no_float_formatting_rule_is_needed()
    {
        Assert.Throws<LfrInputException>(() => CanonicalJson.Encode(JsonNode.Parse("{\"score\":0.5}")));
        Assert.Equal("0.714286", EventJson.Decimal(0.7142857));
        Assert.Equal("0.5", EventJson.Decimal(0.5));
    }
}
