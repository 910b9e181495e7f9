using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Mekong.Modules.Reports.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "reports");

            migrationBuilder.CreateTable(
                name: "categories",
                schema: "reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    NameVi = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DescriptionVi = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    DescriptionEn = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Group = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Keywords = table.Column<string>(type: "text", nullable: false),
                    ResponsibleKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ResponsibleCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OutsideContact = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    DeadlineHours = table.Column<int>(type: "integer", nullable: false),
                    Attributes = table.Column<string>(type: "text", nullable: false),
                    IsPublic = table.Column<bool>(type: "boolean", nullable: false),
                    IsEmergency = table.Column<bool>(type: "boolean", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_categories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                schema: "reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PayloadJson = table.Column<string>(type: "text", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LockedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reports",
                schema: "reports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    CategoryId = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceCode = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Token = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Location_Latitude = table.Column<double>(type: "double precision", nullable: true),
                    Location_Longitude = table.Column<double>(type: "double precision", nullable: true),
                    Location_AddressString = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Location_AddressId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Location_CommuneCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Attributes = table.Column<string>(type: "text", nullable: false),
                    MediaUrl = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    PhotoHashes = table.Column<string>(type: "text", nullable: false),
                    Reporter_FirstName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Reporter_LastName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Reporter_Phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Reporter_Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    Reporter_DeviceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Reporter_AccountId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SubmittedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    IsPublic = table.Column<bool>(type: "boolean", nullable: false),
                    IsEmergency = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    UnitKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    UnitCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AgencyVi = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    AgencyEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    StatusNotes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    DuplicateOfId = table.Column<long>(type: "bigint", nullable: true),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "report_changes",
                schema: "reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReportId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    From = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    To = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    UnitKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    UnitCode = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PublicMessage = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    InternalNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_report_changes_reports_ReportId",
                        column: x => x.ReportId,
                        principalSchema: "reports",
                        principalTable: "reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_categories_JurisdictionCode_Code",
                schema: "reports",
                table: "categories",
                columns: new[] { "JurisdictionCode", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_State_NextAttemptAt",
                schema: "reports",
                table: "outbox",
                columns: new[] { "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_report_changes_ReportId_At",
                schema: "reports",
                table: "report_changes",
                columns: new[] { "ReportId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_reports_JurisdictionCode_RequestedAt",
                schema: "reports",
                table: "reports",
                columns: new[] { "JurisdictionCode", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reports_JurisdictionCode_ServiceCode_RequestedAt",
                schema: "reports",
                table: "reports",
                columns: new[] { "JurisdictionCode", "ServiceCode", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reports_Token",
                schema: "reports",
                table: "reports",
                column: "Token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reports_UnitKind_UnitCode_Status",
                schema: "reports",
                table: "reports",
                columns: new[] { "UnitKind", "UnitCode", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "categories",
                schema: "reports");

            migrationBuilder.DropTable(
                name: "outbox",
                schema: "reports");

            migrationBuilder.DropTable(
                name: "report_changes",
                schema: "reports");

            migrationBuilder.DropTable(
                name: "reports",
                schema: "reports");
        }
    }
}
