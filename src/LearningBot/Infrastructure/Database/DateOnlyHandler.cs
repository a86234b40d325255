using System.Data;
using Dapper;

namespace LearningBot.Infrastructure.Database;

/// <summary>Dapper has no built-in DateOnly mapping; Npgsql reads and writes PostgreSQL's date as DateOnly.</summary>
internal sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
{
    public override DateOnly Parse(object value) => value switch
    {
        DateOnly date => date,
        DateTime time => DateOnly.FromDateTime(time),
        _ => throw new DataException($"Cannot read a {value.GetType().Name} as a DateOnly."),
    };

    public override void SetValue(IDbDataParameter parameter, DateOnly value)
    {
        parameter.DbType = DbType.Date;
        parameter.Value = value;
    }
}
