using System.Data;
using Dapper;

namespace LearningBot.Infrastructure.Database;

/// <summary>
/// Npgsql reads timestamptz as a UTC DateTime and Dapper reads with GetValue, so records that hold
/// DateTimeOffset need this handler; writing converts to UTC because Npgsql only accepts offset 0.
/// </summary>
internal sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    public override DateTimeOffset Parse(object value) => value switch
    {
        DateTimeOffset offset => offset,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => throw new DataException($"Cannot read a {value.GetType().Name} as a DateTimeOffset."),
    };

    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) =>
        parameter.Value = value.ToUniversalTime();
}
