import { mount } from "svelte";
import Participant from "./Participant.svelte";
import "../app.css";
import "./participant.css";

const target = document.getElementById("participant");
if (!target) throw new Error("participant.html has no #participant element");

export default mount(Participant, { target });
