"""GSM modem: UCS2 PDUs byte by byte, a long Vietnamese SMS arriving whole in the emulator, errors, replug, the
network state. (The outbox, its cap and its retries are the service's: tests/bridge/test_sms.py.)"""

from __future__ import annotations

import pytest

from devicekit.emulators.modem import ModemEmulator
from devicekit.modem import ModemError, build_at_gsm_modem
from devicekit.profiles import load_profile
from devicekit.sms_pdu import PduError, decode_submit, encode_number, encode_submit, split_units
from tests.hardware.serial_helpers import FAST, wait_for
from wire.messages import Part

LONG_VI = ("Trung tâm Phục vụ hành chính công thông báo: hồ sơ số 000.00.12.H56-241124-0001 của ông/bà đã có kết quả. "
           "Mời ông/bà đến quầy số 5 để nhận, mang theo giấy hẹn và CCCD. Xin cảm ơn!")


def test_pdu_of_a_short_message_is_byte_exact():
    [pdu] = encode_submit("0912345678", "Chào", ref=7)
    # 00 SMSC from SIM | 11 SUBMIT+VPF | 00 MR | 0A 81 9021436587 | 00 PID | 08 UCS2 | A7 24 h | 08 UDL | UCS2 text
    assert pdu.hex == "0011000A8190214365870008A708" + "0043006800E0006F"
    assert pdu.length == len(bytes.fromhex(pdu.hex)) - 1  # AT+CMGS excludes the SMSC octet
    assert encode_number("+84912345678") == bytes.fromhex("0b 91 48 19 32 54 76 f8")


def test_long_vietnamese_text_is_split_in_67_unit_parts_with_udh():
    assert len(LONG_VI) > 140
    pdus = encode_submit("+84912345678", LONG_VI, ref=42)
    parts = [decode_submit(p.hex) for p in pdus]
    assert [len(p.text) for p in parts[:-1]] == [67] * (len(parts) - 1)
    assert {(p.ref, p.total) for p in parts} == {(42, len(pdus))} and [p.seq for p in parts] == [1, 2, 3]
    assert "".join(p.text for p in parts) == LONG_VI
    assert len(split_units("ạ" * 70)) == 1 and len(split_units("ạ" * 71)) == 2
    emoji = split_units("a" * 66 + "😀" + "b" * 10)
    assert emoji[0].decode("utf-16-be") == "a" * 66  # the surrogate pair moved whole to part 2
    with pytest.raises(PduError, match="allows 3"):
        encode_submit("0912345678", "x" * 67 * 4, max_parts=3)


@pytest.fixture
def modem_pair(tmp_path):
    emu = ModemEmulator(tmp_path / "ttyGSM").start()
    modem = build_at_gsm_modem(load_profile("sim800-gsm"), emu.url, backoff=FAST, timeout=1.0,
                               send_timeout=2.0).start()
    wait_for(lambda: modem.health.state == "ok", what="modem port open")
    yield emu, modem
    modem.stop()
    emu.stop()


def test_vietnamese_sms_over_70_chars_arrives_whole(modem_pair):
    emu, modem = modem_pair
    refs = modem.send_sms("0912345678", LONG_VI)
    assert len(refs) == 3
    assert emu.messages == [("0912345678", LONG_VI)]
    assert emu.commands[:4] == ["AT", "ATE0", "AT+CMEE=1", "AT+CMGF=0"]
    assert [c for c in emu.commands if c.startswith("AT+CMGS=")] == [
        f"AT+CMGS={p.length}" for p in encode_submit("0912345678", LONG_VI)]


def test_modem_error_and_replug_then_sends_again(modem_pair):
    emu, modem = modem_pair
    emu.fail_sends = 1
    with pytest.raises(ModemError, match="CMS ERROR: 500"):
        modem.send_sms("0912345678", "Số 1023")
    assert modem.health.state == "error"
    emu.unplug()
    wait_for(lambda: modem.health.state == "disconnected", what="disconnected health")
    with pytest.raises(ModemError):
        modem.send_sms("0912345678", "Số 1023")
    emu.replug()
    wait_for(lambda: modem.health.state == "ok", what="reconnect")
    modem.send_sms("0912345678", "Mời số 1023 đến quầy 5")
    assert emu.messages[-1] == ("0912345678", "Mời số 1023 đến quầy 5")
    assert emu.commands[-5:-1] == ["AT", "ATE0", "AT+CMEE=1", "AT+CMGF=0"]  # the rebooted modem was set up again


def test_silent_modem_is_an_error_not_a_hang(modem_pair):
    emu, modem = modem_pair
    emu.faults.silent = True
    with pytest.raises(ModemError, match="no answer"):
        modem.send_sms("0912345678", "Xin chào")
    assert modem.health.state == "error"


def test_network_state_sim_signal_and_registration(modem_pair):
    emu, modem = modem_pair
    network = modem.network()
    assert (network.sim_ready, network.signal, network.registered) == (True, 21, True)
    emu.sim, emu.signal = "SIM PIN", 3
    network = modem.network()
    assert (network.sim, network.sim_ready, network.signal) == ("SIM PIN", False, 3)


def test_phone_numbers_are_masked_in_the_modem_log(modem_pair, caplog):
    _emu, modem = modem_pair
    with caplog.at_level("INFO"):
        modem.send_sms("0912345678", "Số 1023")
    assert "09******78" in caplog.text and "0912345678" not in caplog.text


def test_the_sms_agents_network_health_says_what_the_modem_says(modem_pair):
    from sms_agent.agent import network_part

    emu, modem = modem_pair
    assert network_part(modem.network()) == Part(status="ok", detail="SIM ready, signal 21/31")
    emu.signal = 2
    assert network_part(modem.network()).status == "warning"
    emu.sim = "SIM PIN"
    assert network_part(modem.network()) == Part(status="fault", detail="SIM not ready: SIM PIN")
