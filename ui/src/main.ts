// Entry point: catalogues first, then the app.
import { mount } from "svelte";
import App from "./App.svelte";
import { setupI18n } from "./i18n";
import { prewarmMap } from "./lib/map-warmup";
import "./app.css";

setupI18n();
prewarmMap();

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
mount(App, { target });
