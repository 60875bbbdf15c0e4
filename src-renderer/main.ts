// Renderer entry: Pinia, vue-i18n and the global stylesheet. The engine client (src-renderer/api)
// is created on first use, for whichever shell serves the page.
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { createWiretrailI18n } from './i18n/index.ts'
import { useSettingsStore } from './stores/settings.ts'
import 'splitpanes/dist/splitpanes.css'
import './styles/theme.css'

const pinia = createPinia()
const app = createApp(App).use(pinia)
app.use(createWiretrailI18n(useSettingsStore(pinia).language))
app.mount('#app')
