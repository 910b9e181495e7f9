using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Cameras.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Maintenance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cameras_contractors",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    UptimeTarget = table.Column<double>(type: "REAL", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cameras_contractors", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cameras_outage_alerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ActiveKey = table.Column<string>(type: "TEXT", maxLength: 240, nullable: true),
                    Offline = table.Column<int>(type: "INTEGER", nullable: false),
                    Cameras = table.Column<int>(type: "INTEGER", nullable: false),
                    CameraIds = table.Column<string>(type: "TEXT", nullable: false),
                    Codes = table.Column<string>(type: "TEXT", nullable: false),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cameras_outage_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cameras_outbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PayloadJson = table.Column<string>(type: "TEXT", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LockedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LockedUntil = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cameras_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cameras_tickets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CameraId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CameraCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CameraName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Contractor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ContractorEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    OutageStartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Fault = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RestoredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DowntimeSeconds = table.Column<long>(type: "INTEGER", nullable: true),
                    Reminders = table.Column<int>(type: "INTEGER", nullable: false),
                    NotifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SnapshotHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SnapshotAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SnapshotTokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cameras_tickets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cameras_ticket_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cameras_ticket_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cameras_ticket_events_cameras_tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "cameras_tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cameras_contractors_JurisdictionCode_Name",
                table: "cameras_contractors",
                columns: new[] { "JurisdictionCode", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cameras_outage_alerts_ActiveKey",
                table: "cameras_outage_alerts",
                column: "ActiveKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cameras_outage_alerts_JurisdictionCode_State",
                table: "cameras_outage_alerts",
                columns: new[] { "JurisdictionCode", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_cameras_outbox_State_NextAttemptAt",
                table: "cameras_outbox",
                columns: new[] { "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cameras_ticket_events_TicketId_At",
                table: "cameras_ticket_events",
                columns: new[] { "TicketId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_cameras_tickets_CameraId_OutageStartedAt",
                table: "cameras_tickets",
                columns: new[] { "CameraId", "OutageStartedAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cameras_tickets_JurisdictionCode_OpenedAt",
                table: "cameras_tickets",
                columns: new[] { "JurisdictionCode", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cameras_tickets_JurisdictionCode_State",
                table: "cameras_tickets",
                columns: new[] { "JurisdictionCode", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cameras_contractors");

            migrationBuilder.DropTable(
                name: "cameras_outage_alerts");

            migrationBuilder.DropTable(
                name: "cameras_outbox");

            migrationBuilder.DropTable(
                name: "cameras_ticket_events");

            migrationBuilder.DropTable(
                name: "cameras_tickets");
        }
    }
}
