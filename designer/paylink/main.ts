/**
 * The public paylink page (`/p/<token>`): a separate, small bundle — no designer code, no
 * router, no zod — that a debtor opens on a phone from a reminder.
 */
import { mount } from 'svelte';
import './paylink.css';
import PaylinkPage from './PaylinkPage.svelte';

mount(PaylinkPage, { target: document.getElementById('paylink')! });
