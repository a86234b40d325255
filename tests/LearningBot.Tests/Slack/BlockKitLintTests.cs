using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LearningBot.Slack.BlockKit;

namespace LearningBot.Tests.Slack;

/// <summary>Structural checks over every Block Kit type, so a new type cannot be added half-wired.</summary>
public sealed class BlockKitLintTests
{
    private static readonly Type[] ConcreteTypes = typeof(IBlockKitObject).Assembly.GetTypes()
        .Where(t => typeof(IBlockKitObject).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .OrderBy(t => t.Name)
        .ToArray();

    public static TheoryData<string> TypeNames() => [.. ConcreteTypes.Select(t => t.Name)];

    [Fact]
    public void Every_block_kit_type_has_a_sample_for_these_tests()
    {
        var sampled = BlockKitSamples.All.Select(s => s.GetType()).ToHashSet();
        Assert.Empty(ConcreteTypes.Where(t => !sampled.Contains(t)).Select(t => t.Name));
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Every_block_kit_type_serialises_with_its_type_first(string typeName)
    {
        var sample = Sample(typeName);
        var json = JsonSerializer.Serialize(sample, sample.GetType(), BlockKitJson.Options);

        var first = JsonNode.Parse(json)!.AsObject().First();
        Assert.Equal("type", first.Key);
        Assert.Equal(sample.Type, first.Value!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void Every_block_kit_type_serialises_through_each_polymorphic_base_it_has(string typeName)
    {
        var sample = Sample(typeName);
        var bases = PolymorphicBases(sample.GetType()).ToList();

        foreach (var baseType in bases)
        {
            var declared = baseType.GetCustomAttributes<JsonDerivedTypeAttribute>(inherit: false).Select(a => a.DerivedType);
            Assert.Contains(sample.GetType(), declared);
            var json = JsonNode.Parse(JsonSerializer.Serialize(sample, baseType, BlockKitJson.Options))!;
            Assert.Equal(sample.Type, json["type"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Every_type_name_is_unique_among_the_blocks_and_among_the_elements()
    {
        var blocks = BlockKitSamples.All.OfType<Block>().Select(b => b.Type).ToList();
        var elements = BlockKitSamples.All.Where(s => s is IActionsElement or IInputElement or ISectionAccessory).Select(e => e.Type).ToList();

        Assert.Equal(blocks.Distinct().Count(), blocks.Count);
        Assert.Equal(elements.Distinct().Count(), elements.Count);
    }

    [Fact]
    public void The_validator_knows_every_block_type()
    {
        foreach (var block in BlockKitSamples.All.OfType<Block>())
            BlockKitValidator.Validate(new ModalView(new PlainText("Check"), [block]) { Submit = new PlainText("OK") });
    }

    [Fact]
    public void The_validator_knows_every_element_type()
    {
        foreach (var sample in BlockKitSamples.All)
        {
            Block? block = sample switch
            {
                IActionsElement action => new ActionsBlock([action]),
                IInputElement input => new InputBlock(new PlainText("Field"), input),
                ISectionAccessory accessory => new SectionBlock(new PlainText("Text")) { Accessory = accessory },
                IContextElement context => new ContextBlock([context]),
                _ => null,
            };
            if (block is not null)
                BlockKitValidator.Validate(new ModalView(new PlainText("Check"), [block]) { Submit = new PlainText("OK") });
        }
    }

    private static IBlockKitObject Sample(string typeName) => BlockKitSamples.All.Single(s => s.GetType().Name == typeName);

    private static IEnumerable<Type> PolymorphicBases(Type type)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
            if (b.IsDefined(typeof(JsonPolymorphicAttribute), inherit: false))
                yield return b;
        foreach (var i in type.GetInterfaces())
            if (i.IsDefined(typeof(JsonPolymorphicAttribute), inherit: false))
                yield return i;
    }
}
