using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Incidents.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "incidents_incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    TypeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TypeCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    TypeNameVi = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TypeNameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CapCategory = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Latitude = table.Column<double>(type: "REAL", nullable: true),
                    Longitude = table.Column<double>(type: "REAL", nullable: true),
                    Communes = table.Column<string>(type: "TEXT", nullable: false),
                    Agencies = table.Column<string>(type: "TEXT", nullable: false),
                    CommuneKey = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SourceRef = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Checklist = table.Column<string>(type: "TEXT", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClosureReport = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incidents_outbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PayloadJson = table.Column<string>(type: "TEXT", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LockedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incidents_subscriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Communes = table.Column<string>(type: "TEXT", nullable: false),
                    CommuneKey = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Token = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ConfirmedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents_subscriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incidents_types",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    NameVi = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CapCategory = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Steps = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents_types", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incidents_warnings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ReferencesId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CapCategory = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    EventVi = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EventEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Urgency = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Certainty = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Communes = table.Column<string>(type: "TEXT", nullable: false),
                    CommuneKey = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Sent = table.Column<long>(type: "INTEGER", nullable: false),
                    Onset = table.Column<long>(type: "INTEGER", nullable: false),
                    Expires = table.Column<long>(type: "INTEGER", nullable: false),
                    SentBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SupersededAt = table.Column<long>(type: "INTEGER", nullable: true),
                    description_en = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    headline_en = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    instruction_en = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    description_vi = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    headline_vi = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    instruction_vi = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents_warnings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incidents_timeline",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IncidentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents_timeline", x => x.Id);
                    table.ForeignKey(
                        name: "FK_incidents_timeline_incidents_incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "incidents_incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_incidents_JurisdictionCode_Source_SourceRef",
                table: "incidents_incidents",
                columns: new[] { "JurisdictionCode", "Source", "SourceRef" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_incidents_JurisdictionCode_Status_OpenedAt",
                table: "incidents_incidents",
                columns: new[] { "JurisdictionCode", "Status", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_outbox_State_NextAttemptAt",
                table: "incidents_outbox",
                columns: new[] { "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_subscriptions_JurisdictionCode_Email",
                table: "incidents_subscriptions",
                columns: new[] { "JurisdictionCode", "Email" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_subscriptions_JurisdictionCode_UserId",
                table: "incidents_subscriptions",
                columns: new[] { "JurisdictionCode", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_subscriptions_Token",
                table: "incidents_subscriptions",
                column: "Token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_timeline_IncidentId_At",
                table: "incidents_timeline",
                columns: new[] { "IncidentId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_types_JurisdictionCode_Code",
                table: "incidents_types",
                columns: new[] { "JurisdictionCode", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_warnings_IncidentId",
                table: "incidents_warnings",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_warnings_JurisdictionCode_SupersededAt_Expires",
                table: "incidents_warnings",
                columns: new[] { "JurisdictionCode", "SupersededAt", "Expires" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "incidents_outbox");

            migrationBuilder.DropTable(
                name: "incidents_subscriptions");

            migrationBuilder.DropTable(
                name: "incidents_timeline");

            migrationBuilder.DropTable(
                name: "incidents_types");

            migrationBuilder.DropTable(
                name: "incidents_warnings");

            migrationBuilder.DropTable(
                name: "incidents_incidents");
        }
    }
}
