using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Reports.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class HPortal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RatedAt",
                schema: "reports",
                table: "reports",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Rating",
                schema: "reports",
                table: "reports",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RatingComment",
                schema: "reports",
                table: "reports",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Reporter_NamedPublicly",
                schema: "reports",
                table: "reports",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "report_supporters",
                schema: "reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReportId = table.Column<long>(type: "bigint", nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    UserId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ClientId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_supporters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_report_supporters_reports_ReportId",
                        column: x => x.ReportId,
                        principalSchema: "reports",
                        principalTable: "reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "submission_keys",
                schema: "reports",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ServiceCode = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ReportId = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_submission_keys", x => x.Key);
                    table.ForeignKey(
                        name: "FK_submission_keys_reports_ReportId",
                        column: x => x.ReportId,
                        principalSchema: "reports",
                        principalTable: "reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_report_supporters_ReportId_ClientId",
                schema: "reports",
                table: "report_supporters",
                columns: new[] { "ReportId", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_report_supporters_ReportId_Email",
                schema: "reports",
                table: "report_supporters",
                columns: new[] { "ReportId", "Email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_report_supporters_ReportId_UserId",
                schema: "reports",
                table: "report_supporters",
                columns: new[] { "ReportId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_submission_keys_CreatedAt",
                schema: "reports",
                table: "submission_keys",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_submission_keys_ReportId",
                schema: "reports",
                table: "submission_keys",
                column: "ReportId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "report_supporters",
                schema: "reports");

            migrationBuilder.DropTable(
                name: "submission_keys",
                schema: "reports");

            migrationBuilder.DropColumn(
                name: "RatedAt",
                schema: "reports",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "Rating",
                schema: "reports",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "RatingComment",
                schema: "reports",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "Reporter_NamedPublicly",
                schema: "reports",
                table: "reports");
        }
    }
}
